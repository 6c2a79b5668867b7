package io.jray.internal.serialization;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Idle codecs in a few slots that threads take and give back with one compare-and-set each. A
 * thread starts at a slot of its own, so a thread that serializes in a loop takes back the codec
 * it gave; Kryo's thread-safe pool took a lock and made a queue node for every call, about as
 * much as serializing a small value. When every slot is empty a new codec is made; when every
 * slot is full a given codec is dropped.
 */
final class CodecPool {
  private final AtomicReferenceArray<Codec> slots;
  private final int mask;
  private final Supplier<Codec> factory;

  /** @param capacity a power of two */
  CodecPool(int capacity, Supplier<Codec> factory) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, not " + capacity);
    }
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
    this.factory = factory;
  }

  Codec obtain() {
    int home = home();
    for (int i = 0; i <= mask; i++) {
      int slot = (home + i) & mask;
      Codec codec = slots.getPlain(slot);
      if (codec != null && slots.compareAndSet(slot, codec, null)) {
        return codec;
      }
    }
    return factory.get();
  }

  void free(Codec codec) {
    int home = home();
    for (int i = 0; i <= mask; i++) {
      int slot = (home + i) & mask;
      if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, codec)) {
        return;
      }
    }
  }

  private int home() {
    long id = Thread.currentThread().getId();
    return (int) (id ^ (id >>> 16)) * 0x9E3779B9 >>> 16 & mask;
  }
}
