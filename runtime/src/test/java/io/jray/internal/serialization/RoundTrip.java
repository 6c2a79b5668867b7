package io.jray.internal.serialization;

import java.nio.ByteBuffer;

/** Test helper: a value through both read paths (byte[] and a read-only direct buffer). */
final class RoundTrip {
  static final Serializer SERIALIZER = new Serializer();

  private RoundTrip() {}

  @SuppressWarnings("unchecked")
  static <T> T viaBytes(T value) {
    return (T) SERIALIZER.deserialize(SERIALIZER.serialize(value));
  }

  @SuppressWarnings("unchecked")
  static <T> T viaDirectBuffer(T value) {
    ByteBuffer[] holder = new ByteBuffer[1];
    int size = SERIALIZER.serialize(value, n -> holder[0] = ByteBuffer.allocateDirect(n));
    ByteBuffer readOnly = holder[0].flip().asReadOnlyBuffer();
    if (readOnly.remaining() != size) {
      throw new AssertionError("wrote " + size + " but the buffer holds " + readOnly.remaining());
    }
    return (T) SERIALIZER.deserialize(readOnly);
  }
}
