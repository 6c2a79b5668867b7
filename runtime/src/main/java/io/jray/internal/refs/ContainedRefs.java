package io.jray.internal.refs;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Collects the ids of the refs written while serializing one value, so that the objects a stored
 * value refers to stay alive as long as it does.
 */
public final class ContainedRefs {
  private static final long[] NONE = new long[0];
  /** Per thread, the collection under way; set and reset without touching the ThreadLocal. */
  private static final ThreadLocal<Collecting> COLLECTING = ThreadLocal.withInitial(Collecting::new);

  private long[] ids = NONE;
  private int size;

  private ContainedRefs() {}

  /** A serialization and the refs it wrote. */
  public record Result<T>(T value, long[] refs) {}

  /** Runs the serialization and returns its result with the ids of the refs it wrote. */
  public static <T> Result<T> collect(Supplier<T> serialization) {
    Collecting collecting = COLLECTING.get();
    ContainedRefs outer = collecting.refs;
    ContainedRefs refs = new ContainedRefs();
    collecting.refs = refs;
    try {
      return new Result<>(serialization.get(), refs.toArray());
    } finally {
      collecting.refs = outer;
    }
  }

  /**
   * The refs written so far by the collection under way on this thread (none outside one): for a
   * serializer's sink, which must make them known before the value they are inside is stored.
   */
  public static long[] soFar() {
    ContainedRefs refs = COLLECTING.get().refs;
    return refs == null ? NONE : refs.toArray();
  }

  /** Called by the ref serializer for every ref it writes. */
  public static void written(long id) {
    ContainedRefs refs = COLLECTING.get().refs;
    if (refs != null) {
      if (refs.size == refs.ids.length) {
        refs.ids = Arrays.copyOf(refs.ids, Math.max(4, refs.size * 2));
      }
      refs.ids[refs.size++] = id;
    }
  }

  private long[] toArray() {
    return size == 0 ? NONE : Arrays.copyOf(ids, size);
  }

  private static final class Collecting {
    ContainedRefs refs;
  }
}
