package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One Kryo with its buffers, pooled together so that a call takes one thing from the pool. Not
 * thread-safe: one caller at a time, which the pool guarantees.
 */
final class Codec {
  /** Buffers that grew past this (a large value) are dropped rather than kept in the pool. */
  private static final int KEEP_OUTPUT_BYTES = 2 << 20;
  private static final int INITIAL_OUTPUT_BYTES = 4096;
  private static final byte[] NO_BYTES = new byte[0];
  private static final ByteBuffer NO_BUFFER = ByteBuffer.allocate(0);

  final Kryo kryo;
  final SplicingOutput output = new SplicingOutput(INITIAL_OUTPUT_BYTES);
  final BoundedInput input = new BoundedInput();
  final BoundedByteBufferInput bufferInput = new BoundedByteBufferInput();

  Codec(Consumer<Kryo> customizer) {
    kryo = new JrayKryo();
    customizer.accept(kryo);
  }

  /** Serializes into {@link #output}; the bytes are its {@link SplicingOutput#parts}. */
  SplicingOutput write(Object value) {
    output.reset();
    kryo.writeClassAndObject(output, value);
    return output;
  }

  /** Reads one value that must span the whole of {@code input}'s remaining bytes. */
  Object read(com.esotericsoftware.kryo.io.Input source) {
    Object value = kryo.readClassAndObject(source);
    int left = source.limit() - source.position();
    if (left != 0) {
      throw new Bounds.CorruptInputException(left + " bytes follow the value");
    }
    return value;
  }

  /**
   * Lets go of the caller's bytes (read, or spliced into the output) and of a grown output buffer
   * before going back to the pool.
   */
  Codec clean() {
    output.reset();
    input.setBuffer(NO_BYTES);
    bufferInput.setBuffer(NO_BUFFER);
    if (output.getBuffer().length > KEEP_OUTPUT_BYTES) {
      output.setBuffer(new byte[INITIAL_OUTPUT_BYTES], -1);
    }
    return this;
  }
}
