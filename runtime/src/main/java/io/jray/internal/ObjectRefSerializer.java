package io.jray.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jray.internal.refs.ContainedRefs;

/** A ref inside a value travels as its id, and becomes a ref of the reading process's runtime. */
public final class ObjectRefSerializer extends com.esotericsoftware.kryo.Serializer<ObjectRefImpl<?>> {
  /** Ids that refs read on this thread take instead of those they were written with. */
  private static final ThreadLocal<java.util.Map<Long, Long>> RENAMES = new ThreadLocal<>();

  public ObjectRefSerializer() {
    setImmutable(true);
  }

  /** Teaches a Kryo instance to write refs this way. */
  public static void register(Kryo kryo) {
    kryo.addDefaultSerializer(ObjectRefImpl.class, new ObjectRefSerializer());
  }

  @Override
  public void write(Kryo kryo, Output output, ObjectRefImpl<?> ref) {
    ContainedRefs.written(ref.id());
    output.writeLong(ref.id());
  }

  @Override
  public ObjectRefImpl<?> read(Kryo kryo, Input input, Class<? extends ObjectRefImpl<?>> type) {
    long id = input.readLong();
    java.util.Map<Long, Long> renames = RENAMES.get();
    return new ObjectRefImpl<>(renames == null ? id : renames.getOrDefault(id, id));
  }

  /**
   * Runs {@code read} with refs read on this thread renamed by {@code renames} (a process that
   * keeps others' objects under ids of its own: see DetachedHost).
   */
  public static <T> T renaming(java.util.Map<Long, Long> renames,
      java.util.function.Supplier<T> read) {
    java.util.Map<Long, Long> outer = RENAMES.get();
    RENAMES.set(renames);
    try {
      return read.get();
    } finally {
      if (outer == null) {
        RENAMES.remove();
      } else {
        RENAMES.set(outer);
      }
    }
  }
}
