package io.jray.internal.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection's reader: takes frames off the socket and hands each where it goes. It never
 * waits for the writer nor runs a handler or sink itself (those go to the side's pool), so a
 * reply can always get through; it waits only when this side's handlers are far behind
 * ({@link Dispatch}), which stops the peer by TCP's own flow control.
 *
 * <p>Small frames are read through one buffer, so a burst costs one system call; a CHUNK's bytes
 * go from the socket straight into the fetch's buffer. Lengths are checked before anything is
 * allocated for them.
 */
final class Inbound {
  private final SocketChannel channel;
  private final Peer peer;
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 << 10).flip();
  private ByteBuffer discard;

  Inbound(SocketChannel channel, Peer peer) {
    this.channel = channel;
    this.peer = peer;
  }

  /** Reads until the peer closes (returns) or the connection fails (throws). */
  void run() throws IOException {
    while (fill(5, true)) {
      int length = in.getInt();
      byte type = in.get();
      if (type == Frames.CHUNK) {
        chunk(length - 1);
        continue;
      }
      if (length < 1 || length - 1 > Frames.MAX_FRAME) {
        throw new IOException(peer + " sent a frame of " + length + " bytes (type " + type
            + "), over the limit of " + Frames.MAX_FRAME);
      }
      ByteBuffer body = ByteBuffer.allocate(length - 1);
      readInto(body);
      try {
        frame(type, body.flip());
      } catch (BufferUnderflowException e) {
        throw new IOException(peer + " sent a malformed frame of type " + type
            + ": it ends before its fields do. Run the same jray build everywhere.", e);
      }
    }
  }

  private void frame(byte type, ByteBuffer body) throws IOException {
    switch (type) {
      case Frames.MESSAGE -> peer.dispatch().message(body.getInt(), rest(body));
      case Frames.REQUEST -> {
        long id = body.getLong();
        peer.dispatch().request(id, body.getInt(), rest(body));
      }
      case Frames.REPLY -> peer.replied(body.getLong(), rest(body), null);
      case Frames.ERROR -> peer.replied(body.getLong(), null, Frames.readUtf(body));
      case Frames.FETCH -> {
        long id = body.getLong();
        int kind = body.getInt();
        int window = body.getInt();
        peer.dispatch().fetch(id, kind, window, Frames.readUtf(body));
      }
      case Frames.SIZE -> {
        IncomingFetch fetch = peer.fetching(body.getLong());
        if (fetch != null) {
          fetch.size(body.getLong());
        }
      }
      case Frames.MISSING -> {
        IncomingFetch fetch = peer.fetching(body.getLong());
        boolean missing = body.get() != 0;
        String why = Frames.readUtf(body);
        if (fetch != null) {
          peer.fetchFailed(fetch, missing
              ? new BlobMissingException(peer + " does not have blob " + fetch.kind + "/"
                  + fetch.blobId + ": " + why)
              : new DataPlaneException("Failed " + fetch.describe() + ": " + why), false);
        }
      }
      case Frames.CREDIT -> peer.out().credit(body.getLong(), body.getInt());
      case Frames.CANCEL -> peer.out().cancel(body.getLong());
      default -> throw new IOException(peer + " sent a frame of unknown type " + type
          + ": run the same jray build on every node and driver");
    }
  }

  /** A CHUNK: its bytes go into the fetch's next buffer, or are skipped if it was given up. */
  private void chunk(int length) throws IOException {
    int bytes = length - 8;
    if (bytes < 0 || bytes > Frames.CHUNK_BYTES) {
      throw new IOException(peer + " sent a chunk of " + bytes + " bytes, over the limit of "
          + Frames.CHUNK_BYTES);
    }
    fill(8, false);
    long id = in.getLong();
    IncomingFetch fetch = peer.fetching(id);
    if (fetch == null) { // failed or cancelled here: the sender has not heard yet
      if (discard == null) {
        discard = ByteBuffer.allocateDirect(Frames.CHUNK_BYTES);
      }
      readInto(discard.clear().limit(bytes));
      return;
    }
    ByteBuffer buffer = fetch.buffer(bytes);
    if (buffer == null) {
      throw new IOException(peer + " sent more of " + fetch.describe() + " than it announced"
          + " or than this side granted");
    }
    readInto(buffer);
    fetch.chunk(buffer);
  }

  private static byte[] rest(ByteBuffer body) {
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return bytes;
  }

  /**
   * Ensures the buffer holds {@code count} bytes; false if the peer closed cleanly before the
   * first of them (only allowed between frames).
   */
  private boolean fill(int count, boolean atFrameStart) throws IOException {
    if (in.remaining() >= count) {
      return true;
    }
    in.compact();
    try {
      while (in.position() < count) {
        if (channel.read(in) < 0) {
          if (atFrameStart && in.position() == 0) {
            return false;
          }
          throw new EOFException("the connection closed in the middle of a frame");
        }
      }
    } finally {
      in.flip();
    }
    return true;
  }

  /** Fills the target: first from what is buffered, then straight from the socket. */
  private void readInto(ByteBuffer target) throws IOException {
    if (in.hasRemaining()) {
      int count = Math.min(in.remaining(), target.remaining());
      ByteBuffer slice = in.slice().limit(count);
      target.put(slice);
      in.position(in.position() + count);
    }
    while (target.hasRemaining()) {
      if (target.remaining() < in.capacity() / 4 && !target.isDirect()) {
        fill(target.remaining(), false);
        readInto(target);
        return;
      }
      if (channel.read(target) < 0) {
        throw new EOFException("the connection closed in the middle of a frame");
      }
    }
  }
}
