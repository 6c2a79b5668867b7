package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A ByteBuffer travels by value, as in Ray's Java API: the bytes from its position to its limit,
 * with its byte order and whether it was direct. It arrives as a new writable buffer of the same
 * kind holding just those bytes (position 0, limit their count); the sender's buffer is not moved.
 */
final class ByteBufferSerializer extends Serializer<ByteBuffer> {
  private static final int DIRECT = 1;
  private static final int LITTLE_ENDIAN = 2;
  private static final int CHUNK_BYTES = 8192;

  @Override
  public void write(Kryo kryo, Output output, ByteBuffer buffer) {
    int flags = (buffer.isDirect() ? DIRECT : 0)
        | (buffer.order() == ByteOrder.LITTLE_ENDIAN ? LITTLE_ENDIAN : 0);
    output.writeByte(flags);
    output.writeVarInt(buffer.remaining(), true);
    if (buffer.hasArray()) {
      output.writeBytes(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.remaining());
      return;
    }
    ByteBuffer view = buffer.duplicate(); // direct or read-only: copied out a chunk at a time
    byte[] chunk = new byte[Math.min(CHUNK_BYTES, view.remaining())];
    while (view.hasRemaining()) {
      int count = Math.min(chunk.length, view.remaining());
      view.get(chunk, 0, count);
      output.writeBytes(chunk, 0, count);
    }
  }

  @Override
  public ByteBuffer read(Kryo kryo, Input input, Class<? extends ByteBuffer> type) {
    int flags = input.readByte();
    int length = input.readVarInt(true);
    Bounds.checkCount(input, length);
    ByteBuffer buffer = (flags & DIRECT) != 0
        ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
    if (buffer.hasArray()) {
      input.readBytes(buffer.array(), buffer.arrayOffset(), length);
    } else {
      byte[] chunk = new byte[Math.min(CHUNK_BYTES, length)];
      for (int left = length; left > 0; ) {
        int count = Math.min(chunk.length, left);
        input.readBytes(chunk, 0, count);
        buffer.put(chunk, 0, count);
        left -= count;
      }
      buffer.flip();
    }
    buffer.order((flags & LITTLE_ENDIAN) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    return buffer;
  }

  @Override
  public ByteBuffer copy(Kryo kryo, ByteBuffer original) {
    ByteBuffer copy = original.isDirect()
        ? ByteBuffer.allocateDirect(original.remaining()) : ByteBuffer.allocate(original.remaining());
    copy.put(original.duplicate()).flip();
    return copy.order(original.order());
  }
}
