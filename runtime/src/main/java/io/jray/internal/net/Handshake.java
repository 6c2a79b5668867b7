package io.jray.internal.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual proof of the cluster token, which never crosses the wire: each side sends a fresh
 * nonce and proves it knows the token with an HMAC-SHA256 over both nonces, under a label of its
 * role (so a proof cannot be reflected back). The server proves first, so a client with the
 * wrong token learns it at once instead of being dropped without a word.
 *
 * <pre>
 * client: HELLO     int magic, int version, nonce[32] c, utf name
 * server: CHALLENGE int magic, nonce[32] s, mac("jray-dp server", c, s), utf name
 * client: PROOF     mac("jray-dp client", s, c)
 * server: WELCOME   byte 1
 * </pre>
 * Each is {@code int length, bytes}, at most {@link #MAX_BYTES} long: a longer announced length
 * ends the handshake before anything is allocated for it.
 */
final class Handshake {
  static final int MAGIC = 0x4a524450; // "JRDP"
  static final int VERSION = 1;
  static final int MAX_BYTES = 256;
  private static final int NONCE = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  /** The client's side; returns the server's name. */
  static String client(SocketChannel channel, byte[] token, String name) throws IOException {
    byte[] clientNonce = nonce();
    byte[] own = name(name);
    write(channel, ByteBuffer.allocate(10 + NONCE + own.length).putInt(MAGIC).putInt(VERSION)
        .put(clientNonce).putShort((short) own.length).put(own));
    ByteBuffer challenge = read(channel, "the server's challenge");
    if (challenge.remaining() < 4 + 2 * NONCE + 2 || challenge.getInt() != MAGIC) {
      throw new IOException("the peer is not a jray data plane server");
    }
    byte[] serverNonce = bytes(challenge, NONCE);
    byte[] serverMac = bytes(challenge, NONCE);
    String serverName = Frames.readUtf(challenge);
    if (!MessageDigest.isEqual(serverMac, mac(token, "jray-dp server", clientNonce, serverNonce))) {
      throw new TokenMismatchException("The data plane server " + serverName + " at "
          + channel.getRemoteAddress() + " holds a different cluster token than this side: start"
          + " every node and driver of the cluster with the same token.");
    }
    byte[] proof = mac(token, "jray-dp client", serverNonce, clientNonce);
    write(channel, ByteBuffer.allocate(NONCE).put(proof));
    ByteBuffer welcome;
    try {
      welcome = read(channel, "the server's welcome");
    } catch (EOFException e) {
      throw new TokenMismatchException("The data plane server " + serverName + " at "
          + channel.getRemoteAddress() + " refused this side's proof of the cluster token: start"
          + " every node and driver of the cluster with the same token.");
    }
    if (welcome.remaining() != 1 || welcome.get() != 1) {
      throw new IOException("the server sent no welcome");
    }
    return serverName;
  }

  /** The server's side; returns the client's name, or throws with the reason to drop it. */
  static String server(SocketChannel channel, byte[] token, String name) throws IOException {
    ByteBuffer hello = read(channel, "a hello");
    if (hello.remaining() < 10 + NONCE || hello.getInt() != MAGIC) {
      throw new IOException("its first frame is not a jray data plane hello");
    }
    int version = hello.getInt();
    if (version != VERSION) {
      throw new IOException("it speaks data plane version " + version + ", this side " + VERSION
          + ": run the same jray build on every node and driver");
    }
    byte[] clientNonce = bytes(hello, NONCE);
    String clientName = Frames.readUtf(hello);
    byte[] serverNonce = nonce();
    byte[] own = name(name);
    write(channel, ByteBuffer.allocate(6 + 2 * NONCE + own.length).putInt(MAGIC).put(serverNonce)
        .put(mac(token, "jray-dp server", clientNonce, serverNonce))
        .putShort((short) own.length).put(own));
    ByteBuffer proof;
    try {
      proof = read(channel, "the proof of its token");
    } catch (EOFException e) {
      throw new IOException("the client " + clientName + " hung up after the challenge: its"
          + " cluster token differs from this node's");
    }
    if (proof.remaining() != NONCE
        || !MessageDigest.isEqual(bytes(proof, NONCE),
            mac(token, "jray-dp client", serverNonce, clientNonce))) {
      throw new IOException("the client " + clientName + " failed the proof of the cluster"
          + " token");
    }
    write(channel, ByteBuffer.allocate(1).put((byte) 1));
    return clientName;
  }

  private static byte[] nonce() {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  private static byte[] name(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= 100 ? bytes : java.util.Arrays.copyOf(bytes, 100);
  }

  static byte[] mac(byte[] token, String label, byte[] first, byte[] second) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token, "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.US_ASCII));
      mac.update(first);
      mac.update(second);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] bytes(ByteBuffer in, int count) {
    byte[] bytes = new byte[count];
    in.get(bytes);
    return bytes;
  }

  /** Writes a frame of the bytes put into {@code body} so far. */
  static void write(SocketChannel channel, ByteBuffer body) throws IOException {
    body.flip();
    ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body)
        .flip();
    while (frame.hasRemaining()) {
      channel.write(frame);
    }
  }

  static ByteBuffer read(SocketChannel channel, String what) throws IOException {
    ByteBuffer length = fill(channel, ByteBuffer.allocate(4), what);
    int size = length.getInt(0);
    if (size < 0 || size > MAX_BYTES) {
      throw new IOException("it announced a " + size + "-byte frame for " + what + " (at most "
          + MAX_BYTES + " before the handshake)");
    }
    return fill(channel, ByteBuffer.allocate(size), what).flip();
  }

  private static ByteBuffer fill(SocketChannel channel, ByteBuffer buffer, String what)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("the connection closed before " + what);
      }
    }
    return buffer;
  }
}
