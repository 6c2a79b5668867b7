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

  private StoreFullException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The index has no room even for a file's entry of a few bytes: it holds as many objects as it
   * can, whatever their size. Chronicle's own words for it ({@code cause}) speak of segment tiers.
   */
  static StoreFullException indexFull(long id, long objects, Throwable cause) {
    return new StoreFullException(String.format(
        "The object store's index is full: object %016x could not be stored beside the %d "
            + "objects it holds, which is about as many as it can hold at once (the number "
            + "grows with RayConfig storeCapacityBytes up to 4 GiB, to about 4.9 million). "
            + "Drop references to objects you no longer need so that they are freed, or keep "
            + "many small values in fewer objects.", id, objects), cause);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
    return String.format("%.1f %siB (%d bytes)", n / (double) (1L << (unit * 10)), "KMGTPE".charAt(unit - 1), n);
  }
}
