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
    SERIALIZER.serialize(value, parts -> {
      holder[0] = ByteBuffer.allocateDirect((int) Serializer.size(parts));
      for (ByteBuffer part : parts) {
        holder[0].put(part.duplicate());
      }
    });
    return (T) SERIALIZER.deserialize(holder[0].flip().asReadOnlyBuffer());
  }
}
