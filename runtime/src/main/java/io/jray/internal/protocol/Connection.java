package io.jray.internal.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One end of the control channel between the driver and a worker: length-prefixed frames over a
 * Unix domain socket. Any thread may send; one thread reads.
 *
 * <p>A frame is {@code int length, byte type, payload}; length counts type and payload. Frames are
 * read whole before they are parsed, so a malformed one cannot leave the stream half-read.
 */
public final class Connection implements AutoCloseable {
  /** Far above any real frame (large values travel through the store), low enough to be safe. */
  static final int MAX_FRAME_BYTES = 64 << 20;

  private final SocketChannel channel;
  private final ByteBuffer header = ByteBuffer.allocate(5);
  private final Object writeLock = new Object();

  public Connection(SocketChannel channel) {
    this.channel = channel;
  }

  /** Writes one frame. */
  public void send(byte type, FrameWriter payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0);
    out.writeByte(type);
    payload.write(out);
    out.flush();
    ByteBuffer frame = ByteBuffer.wrap(bytes.toByteArray());
    frame.putInt(0, frame.limit() - 4);
    synchronized (writeLock) {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }
  }

  public void send(byte type) throws IOException {
    send(type, out -> { });
  }

  /** Blocks for the next frame; throws {@link EOFException} when the peer has closed. */
  public Frame receive() throws IOException {
    header.clear();
    readFully(header);
    int length = header.getInt(0);
    if (length < 1 || length > MAX_FRAME_BYTES) {
      throw new IOException("malformed frame: length " + length);
    }
    ByteBuffer body = ByteBuffer.allocate(length - 1);
    readFully(body);
    return new Frame(header.get(4),
        new DataInputStream(new ByteArrayInputStream(body.array())));
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("control channel closed");
      }
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is best effort: the peer may be gone already.
    }
  }

  /** Writes a frame's payload. */
  @FunctionalInterface
  public interface FrameWriter {
    void write(DataOutputStream out) throws IOException;
  }

  /** A received frame: its type and a stream over its payload. */
  public record Frame(byte type, DataInputStream in) {}
}
