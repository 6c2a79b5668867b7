package io.jray.internal.refs;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the live {@code ObjectRef}s of each object in this process, as the garbage collector
 * sees them, and says when the process starts and stops holding an object. The driver adds up
 * what every process holds to know when an object can be freed.
 *
 * <p>One lock orders the two calls for an id, so that "acquired" always reaches the driver before
 * the matching "released".
 */
public final class LocalRefs {
  private static final Cleaner CLEANER = Cleaner.create();
  private static volatile LocalRefs current;

  /** Told when this process starts or stops holding an object. Called under this lock. */
  public interface Listener {
    void acquired(long id);

    void released(long id);
  }

  private final Listener listener;
  private final Map<Long, Integer> counts = new HashMap<>();
  private boolean closed;

  public LocalRefs(Listener listener) {
    this.listener = listener;
  }

  /** The tracker of this process's runtime, or null when none is running. */
  public static LocalRefs current() {
    return current;
  }

  public static void setCurrent(LocalRefs refs) {
    current = refs;
  }

  /** Counts a new ref object; when the collector finds it unreachable, it is uncounted. */
  public void track(Object ref, long id) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (counts.merge(id, 1, Integer::sum) == 1) {
        listener.acquired(id);
      }
    }
    CLEANER.register(ref, () -> untrack(id));
  }

  private void untrack(long id) {
    synchronized (this) {
      if (closed) {
        return;
      }
      Integer left = counts.computeIfPresent(id, (k, count) -> count == 1 ? null : count - 1);
      if (left == null) {
        listener.released(id);
      }
    }
  }

  /** Stops counting: refs of an ended session say nothing any more. */
  public synchronized void close() {
    closed = true;
    counts.clear();
  }
}
