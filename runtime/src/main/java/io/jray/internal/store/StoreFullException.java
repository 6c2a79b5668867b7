package io.jray.internal.store;

import io.jray.RayException;

/** Thrown when storing an object would exceed the object store's capacity. */
public final class StoreFullException extends RayException {
  private static final long serialVersionUID = 1L;

  StoreFullException(long id, long size, long used, long capacity, long objects, String spill) {
    super(String.format(
        "The object store is full: object %016x needs %s, but %s of %s are used by %d objects, "
            + "and nothing more could be freed or spilled (%s). Raise RayConfig "
            + "storeCapacityBytes, or drop references to objects you no longer need so that "
            + "they are freed.",
        id, bytes(size), bytes(used), bytes(capacity), objects, spill));
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
    return String.format("%.1f %siB (%d bytes)", n / (double) (1L << (unit * 10)), "KMGTPE".charAt(unit - 1), n);
  }
}
