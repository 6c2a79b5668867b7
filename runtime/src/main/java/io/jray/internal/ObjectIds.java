package io.jray.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes object ids that are unique in a session without asking anyone: the top 24 bits name the
 * process that made the id (the driver is 1; every worker start gets its own tag), the low 40 bits
 * count. A task's result has the task's id.
 */
public final class ObjectIds {
  public static final int DRIVER_TAG = 1;
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
}
