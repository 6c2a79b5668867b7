package io.jray.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataPlaneHandshakeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Short, so the tests of dropping are quick; long enough for a first handshake under load. */
  private static final Duration HELLO = Duration.ofSeconds(1);
  private DataServer server;

  @BeforeAll
  static void warmUp() {
    Handshake.mac(new byte[1], "warm-up", new byte[32], new byte[32]); // loads the JCE provider
  }

  @BeforeEach
  void start() throws Exception {
    server = DataServer.start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
        NetOptions.builder("right token").name("head").helloDeadline(HELLO)
            .onSync(1, (from, payload) -> payload).build());
  }

  @AfterEach
  void close() {
    server.close();
    assertEquals(List.of(), NetThreads.alive(), "threads left running after close()");
  }

  @Test
  void aClientWithTheWrongTokenIsRefusedAndRefusesTheServer() throws Exception {
    try (DataClient client = new DataClient(NetOptions.builder("wrong token").build())) {
      TokenMismatchException refused = assertThrows(TokenMismatchException.class,
          () -> client.connect(server.address(), WAIT));
      assertTrue(refused.getMessage().contains("holds a different cluster token"),
          refused.getMessage());
      assertEquals(List.of(), client.peers());
    }
    assertEquals(List.of(), server.peers());
  }

  @Test
  void aClientThatFailsTheProofIsDropped() throws Exception {
    try (SocketChannel raw = SocketChannel.open(server.address())) {
      byte[] nonce = new byte[32];
      Handshake.write(raw, ByteBuffer.allocate(64).putInt(Handshake.MAGIC)
          .putInt(Handshake.VERSION).put(nonce).putShort((short) 0));
      Handshake.read(raw, "the challenge"); // the server's proof; we cannot make ours
      Handshake.write(raw, ByteBuffer.allocate(32).put(new byte[32]));
      assertEquals(-1, raw.read(ByteBuffer.allocate(1)), "the server kept the connection");
    }
    assertEquals(List.of(), server.peers());
  }

  @Test
  void theTokenNeverCrossesTheWire() throws Exception {
    try (SocketChannel raw = SocketChannel.open(server.address())) {
      Handshake.write(raw, ByteBuffer.allocate(64).putInt(Handshake.MAGIC)
          .putInt(Handshake.VERSION).put(new byte[32]).putShort((short) 0));
      ByteBuffer challenge = Handshake.read(raw, "the challenge");
      String seen = new String(challenge.array(), UTF_8);
      assertTrue(!seen.contains("right token"), "the token was sent in the clear");
    }
  }

  @Test
  void aSilentPeerIsDroppedAfterTheDeadline() throws Exception {
    try (Socket silent = new Socket()) {
      silent.connect(server.address());
      silent.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertEquals(-1, silent.getInputStream().read());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= HELLO.toMillis() - 50 && millis < 10_000,
          "dropped after " + millis + " ms");
    }
  }

  @Test
  void anOversizedFirstFrameIsDroppedBeforeItIsRead() throws Exception {
    try (Socket greedy = new Socket()) {
      greedy.connect(server.address());
      greedy.setSoTimeout(10_000);
      OutputStream out = greedy.getOutputStream();
      out.write(new byte[] {0, 0x10, 0, 0}); // a 1 MiB hello
      out.flush();
      InputStream in = greedy.getInputStream();
      long start = System.nanoTime();
      assertEquals(-1, in.read());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < HELLO.toMillis() - 100, "dropped only at the hello deadline");
    }
  }

  @Test
  void theTokenCheckTellsOkWrongAndNothingApartQuickly() throws Exception {
    long start = System.nanoTime();
    TokenCheck right = DataClient.checkToken(server.address(), "right token", WAIT);
    assertEquals(TokenCheck.Outcome.OK, right.outcome(), right.message());
    TokenCheck wrong = DataClient.checkToken(server.address(), "other token", WAIT);
    assertEquals(TokenCheck.Outcome.TOKEN_DIFFERS, wrong.outcome(), wrong.message());
    InetSocketAddress nobody;
    try (ServerSocketChannel closed = ServerSocketChannel.open()) {
      closed.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      nobody = (InetSocketAddress) closed.getLocalAddress();
    }
    TokenCheck nothing = DataClient.checkToken(nobody, "right token", WAIT);
    assertEquals(TokenCheck.Outcome.NOTHING_LISTENS, nothing.outcome(), nothing.message());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2),
        "the three checks took " + (System.nanoTime() - start) / 1e6 + " ms");
  }

  @Test
  void aListenerThatNeverAnswersIsNoAnswerWithinTheTimeout() throws Exception {
    try (ServerSocketChannel mute = ServerSocketChannel.open()) {
      mute.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      TokenCheck check = DataClient.checkToken((InetSocketAddress) mute.getLocalAddress(),
          "right token", Duration.ofMillis(500));
      assertEquals(TokenCheck.Outcome.NO_ANSWER, check.outcome(), check.message());
    }
  }

  @Test
  void theServerRefusesTheWildcardAddress() {
    assertThrows(IllegalArgumentException.class, () -> DataServer.start(
        new InetSocketAddress(0), NetOptions.builder("t").build()));
  }
}
