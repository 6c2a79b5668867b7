package io.jray.it;

import io.jray.annotations.Remote;
import java.nio.ByteBuffer;

/** Tasks that take and return ByteBuffers, which travel by value. */
final class Buffers {
  private Buffers() {}

  /** The bytes it was given, reversed, in a buffer of the same kind; says which kind came. */
  @Remote
  static ByteBuffer reversed(ByteBuffer bytes) {
    ByteBuffer out = bytes.isDirect()
        ? ByteBuffer.allocateDirect(bytes.remaining() + 1) : ByteBuffer.allocate(bytes.remaining() + 1);
    out.put((byte) (bytes.isDirect() ? 'D' : 'H'));
    for (int i = bytes.limit() - 1; i >= bytes.position(); i--) {
      out.put(bytes.get(i));
    }
    return out.flip();
  }
}
