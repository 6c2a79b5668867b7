package io.jray.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes object ids that are unique in a session without asking anyone: the top 24 bits name the
 * process that made the id (the driver is 1; every worker start gets its own tag), the low 40 bits
 * count. A task's result has the task's id.
 *
 * <p>In a cluster a driver's job runs in job hosts on other nodes, each starting workers of its
 * own: the top bits of a tag are the job host's slot, which the driver gives it (0 is the driver's
 * own), so that ids stay unique across the job and each id names the job host that made it.
 */
public final class ObjectIds {
  public static final int DRIVER_TAG = 1;
  /** A tag's bits below this name a process of its slot; the bits above, the slot. */
  public static final int SLOT_SHIFT = 16;
  /** The most slots a job has: the driver's own and its job hosts'. */
  public static final int MAX_SLOTS = 1 << (23 - SLOT_SHIFT);
  private static final int COUNTER_BITS = 40;
  private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

  private final long prefix;
  private final AtomicLong counter = new AtomicLong();

  public ObjectIds(int processTag) {
    if (processTag <= 0 || processTag >= (1 << 23)) {
      throw new IllegalArgumentException("process tag out of range: " + processTag);
    }
    this.prefix = (long) processTag << COUNTER_BITS;
  }

  public long next() {
    return prefix | (counter.incrementAndGet() & COUNTER_MASK);
  }

  /** Fixed-width hex, as an {@code ObjectRef} prints. */
  public static String hex(long id) {
    String digits = Long.toHexString(id);
    return "0".repeat(16 - digits.length()) + digits;
  }

  public static int processTagOf(long id) {
    return (int) (id >>> COUNTER_BITS);
  }

  /** The tag of the runtime of a slot: the driver's for slot 0, a job host's otherwise. */
  public static int runtimeTagOf(int slot) {
    if (slot < 0 || slot >= MAX_SLOTS) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    return (slot << SLOT_SHIFT) | DRIVER_TAG;
  }

  /** The slot of the job host (or the driver, 0) whose process made this id. */
  public static int slotOf(long id) {
    return slotOfTag(processTagOf(id));
  }

  public static int slotOfTag(int tag) {
    return tag >>> SLOT_SHIFT;
  }
}
