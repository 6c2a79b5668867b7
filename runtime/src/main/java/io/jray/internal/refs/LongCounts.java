package io.jray.internal.refs;

/**
 * A positive count per long key, in one flat array (open addressing, linear probing). Reference
 * counting keeps one entry per live object: hundreds of thousands while a put loop runs between
 * collections. As boxed HashMap entries they were several small objects each that every young
 * collection had to copy; here they are no objects at all. A key and its count share a cache
 * line, and so do four consecutive keys (ids are made in sequence), so a lookup in a table far
 * larger than the cache mostly costs one miss or none. Not thread-safe.
 */
public final class LongCounts {
  private static final int MIN_CAPACITY = 16;
  /** Keys that differ only in these low bits go to neighbouring slots. */
  private static final int RUN_BITS = 2;

  /** Slot i holds its key at 2i and its count at 2i + 1; count 0 marks a free slot. */
  private long[] table;
  private int size;
  private int mask;
  private int shift;
  private int shrinkBelow;

  public LongCounts() {
    allocate(MIN_CAPACITY);
  }

  /** The count of key, 0 if absent. */
  public int get(long key) {
    int slot = find(key);
    return slot < 0 ? 0 : (int) table[2 * slot + 1];
  }

  public boolean contains(long key) {
    return find(key) >= 0;
  }

  /** Adds one to key's count (from 0 if absent) and returns the new count. */
  public int increment(long key) {
    int slot = home(key);
    while (table[2 * slot + 1] != 0) {
      if (table[2 * slot] == key) {
        return (int) ++table[2 * slot + 1];
      }
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = key;
    table[2 * slot + 1] = 1;
    if (++size > (mask + 1) / 2) {
      rehash((mask + 1) * 2);
    }
    return 1;
  }

  /** Takes one from key's count, removing it at 0; returns the new count, or -1 if absent. */
  public int decrement(long key) {
    int slot = find(key);
    if (slot < 0) {
      return -1;
    }
    int count = (int) --table[2 * slot + 1];
    if (count == 0) {
      delete(slot);
    }
    return count;
  }

  /** Removes key whatever its count; false if it was absent. */
  public boolean remove(long key) {
    int slot = find(key);
    if (slot < 0) {
      return false;
    }
    delete(slot);
    return true;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The keys present, in no particular order. */
  public long[] keys() {
    long[] present = new long[size];
    int at = 0;
    for (int slot = 0; slot <= mask; slot++) {
      if (table[2 * slot + 1] != 0) {
        present[at++] = table[2 * slot];
      }
    }
    return present;
  }

  public void clear() {
    allocate(MIN_CAPACITY);
  }

  private int find(long key) {
    int slot = home(key);
    while (table[2 * slot + 1] != 0) {
      if (table[2 * slot] == key) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** Empties slot, moving back later entries of its probe run so that lookups still find them. */
  private void delete(int slot) {
    int free = slot;
    for (int next = (free + 1) & mask; table[2 * next + 1] != 0; next = (next + 1) & mask) {
      int home = home(table[2 * next]);
      // The entry at next may fill the hole unless its home lies cyclically in (free, next].
      boolean stays = free <= next ? free < home && home <= next : free < home || home <= next;
      if (!stays) {
        table[2 * free] = table[2 * next];
        table[2 * free + 1] = table[2 * next + 1];
        free = next;
      }
    }
    table[2 * free + 1] = 0;
    if (--size < shrinkBelow) {
      rehash((mask + 1) / 2);
    }
  }

  /** A run of consecutive keys at a slot scattered by Fibonacci hashing. */
  private int home(long key) {
    long scattered = (key >>> RUN_BITS) * 0x9E3779B97F4A7C15L;
    return (int) (scattered >>> shift) << RUN_BITS | (int) (key & ((1 << RUN_BITS) - 1));
  }

  private void rehash(int capacity) {
    long[] old = table;
    allocate(capacity);
    for (int i = 0; i < old.length; i += 2) {
      if (old[i + 1] != 0) {
        int slot = home(old[i]);
        while (table[2 * slot + 1] != 0) {
          slot = (slot + 1) & mask;
        }
        table[2 * slot] = old[i];
        table[2 * slot + 1] = old[i + 1];
        size++;
      }
    }
  }

  private void allocate(int capacity) {
    table = new long[2 * capacity];
    mask = capacity - 1;
    shift = 64 - (Integer.numberOfTrailingZeros(capacity) - RUN_BITS);
    size = 0;
    // Shrink only well below the grow point, so that a size hovering at a boundary does not
    // rehash back and forth.
    shrinkBelow = capacity > MIN_CAPACITY ? capacity / 8 : 0;
  }
}
