package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns task arguments, results and exceptions into bytes for the object store and back, with
 * Kryo. Thread-safe: each call borrows a pooled Kryo and its buffers. A Kryo that failed midway is
 * dropped, not returned, so no half-reset state reaches the next caller.
 *
 * <p>Only bytes that jray wrote should be read: the bytes name the classes to load. Corrupt or
 * foreign bytes fail with a {@link SerializationException}, never a hang or an OutOfMemoryError.
 */
public final class Serializer {
  private static final int POOL_CAPACITY =
      Integer.highestOneBit(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()) * 2 - 1);

  private final CodecPool codecs;

  /** @param customizer runs on every pooled Kryo after jray's defaults */
  public Serializer(Consumer<Kryo> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    codecs = new CodecPool(POOL_CAPACITY, () -> new Codec(customizer));
  }

  public Serializer() {
    this(kryo -> { });
  }

  /** @throws SerializationException naming the class, and the field path, that cannot be sent */
  public byte[] serialize(Object value) {
    Codec codec = codecs.obtain();
    byte[] bytes = write(codec, value).toBytes();
    codecs.free(codec.clean());
    return bytes;
  }

  /**
   * Serializes and hands the bytes to {@code sink} as buffers whose concatenation is the value's
   * bytes, the same bytes {@link #serialize(Object)} returns. Large byte arrays inside the value
   * are not copied but passed as buffers over the arrays themselves, so a value is copied once,
   * by the sink, into wherever it goes (the store's memory). The buffers are valid only while sink
   * runs, and sink must not change them. Exceptions from the sink pass through.
   */
  public void serialize(Object value, Consumer<ByteBuffer[]> sink) {
    Codec codec = codecs.obtain();
    SplicingOutput output = write(codec, value);
    try {
      sink.accept(output.parts());
    } finally {
      codecs.free(codec.clean());
    }
  }

  /** The bytes of buffers such as {@link #serialize(Object, Consumer)} hands on, in one array. */
  public static byte[] concat(ByteBuffer[] parts) {
    long size = size(parts);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(size + " bytes do not fit in an array");
    }
    byte[] bytes = new byte[(int) size];
    int at = 0;
    for (ByteBuffer part : parts) {
      int length = part.remaining();
      part.duplicate().get(bytes, at, length);
      at += length;
    }
    return bytes;
  }

  /** The remaining bytes of all parts. */
  public static long size(ByteBuffer[] parts) {
    long size = 0;
    for (ByteBuffer part : parts) {
      size += part.remaining();
    }
    return size;
  }

  public Object deserialize(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Codec codec = codecs.obtain();
    codec.input.setBuffer(bytes);
    Object value = read(codec, codec.input);
    codecs.free(codec.clean());
    return value;
  }

  /**
   * Reads the value between the buffer's position and limit, in place (direct, mapped and
   * read-only buffers included). The buffer's own position is left as it was.
   */
  public Object deserialize(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    Codec codec = codecs.obtain();
    codec.bufferInput.setBuffer(buffer.duplicate());
    Object value = read(codec, codec.bufferInput);
    codecs.free(codec.clean());
    return value;
  }

  /**
   * Serializes an exception for the caller of a failed task. Never throws: what cannot be sent as
   * itself is sent as a {@link RemoteThrowableStandIn} with the same class name, message, stack
   * trace, cause chain and suppressed exceptions.
   */
  public byte[] serializeThrowable(Throwable t) {
    try {
      return serialize(t);
    } catch (SerializationException | StackOverflowError first) {
      String reason = first.getMessage();
      try {
        return serialize(new StandIns(this::whyNotSerializable).standIn(t, reason));
      } catch (RuntimeException | StackOverflowError second) {
        // Only the bare facts of the top exception: strings and frames always serialize.
        RemoteThrowableStandIn bare = new RemoteThrowableStandIn(t.getClass().getName(), StandIns.messageOf(t), reason);
        bare.setStackTrace(t.getStackTrace());
        return serialize(bare);
      }
    }
  }

  private String whyNotSerializable(Throwable t) {
    try {
      serialize(t);
      return null;
    } catch (SerializationException e) {
      return e.getMessage();
    } catch (StackOverflowError e) {
      return "its object graph is too deep to serialize";
    }
  }

  private static SplicingOutput write(Codec codec, Object value) {
    try {
      return codec.write(value);
    } catch (RuntimeException | StackOverflowError e) {
      throw FailureMessages.cannotSerialize(value, e);  // The codec is dropped, not pooled.
    }
  }

  private static Object read(Codec codec, com.esotericsoftware.kryo.io.Input input) {
    try {
      return codec.read(input);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // OutOfMemoryError: a last line behind Bounds; an allocation that was refused took nothing.
      throw FailureMessages.cannotDeserialize(e);
    }
  }
}
