package io.jray.internal.refs;

import io.jray.internal.Log;
import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the live {@code ObjectRef}s of each object in this process, as the garbage collector
 * sees them, and says when the process starts and stops holding an object. The driver adds up
 * what every process holds to know when an object can be freed.
 *
 * <p>A new ref is counted at once, on the caller's thread, and "acquired" is reported there. When
 * the collector finds a ref unreachable, the Cleaner's action only queues its id: one daemon
 * thread per tracker, {@code jray-refs}, takes the queue in batches, uncounts and reports
 * "released" for the ids whose count reaches zero. (Reporting from the Cleaner's own thread was
 * slow: the JDK clears that thread's thread-locals after every action, and the store rebuilds
 * its per-thread state each time.) Counting and reporting happen under one lock, so "acquired"
 * for an id always reaches the listener before the matching "released", and an id that is
 * tracked again while its drop waits in the queue is never reported released.
 */
public final class LocalRefs {
  /** The most ids one hold of the lock uncounts, so that {@link #track} never waits long. */
  static final int BATCH = 128;

  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final Cleaner CLEANER = Cleaner.create();
  private static volatile LocalRefs current;

  /** Told when this process starts or stops holding an object. Called under this lock. */
  public interface Listener {
    void acquired(long id);

    void released(long id);

    /**
     * Called on the drain thread after each batch of releases, holding no lock: where work that
     * {@link #released} put off (a store delete) belongs, so that {@link #track} never waits for it.
     */
    default void batchDone() {}
  }

  private final Listener listener;
  private final Map<Long, Integer> counts = new HashMap<>();
  private final ConcurrentLinkedQueue<Long> dropped = new ConcurrentLinkedQueue<>();
  /** Ids queued and not yet uncounted; the drain thread sleeps only when this is zero. */
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread drainer;
  private volatile boolean closed;
  private volatile long batches; // written under this lock

  public LocalRefs(Listener listener) {
    this.listener = listener;
    this.drainer = new Thread(this::drain, "jray-refs");
    drainer.setDaemon(true);
    drainer.start();
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
    if (count(id)) {
      CLEANER.register(ref, () -> drop(id));
    }
  }

  /** Counts one more ref to {@code id}; false once closed. */
  boolean count(long id) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (counts.merge(id, 1, Integer::sum) == 1) {
        listener.acquired(id);
      }
      return true;
    }
  }

  /** A ref to {@code id} is gone: queues it for the drain thread. Lock-free; any thread. */
  void drop(long id) {
    if (closed) {
      return;
    }
    dropped.add(id);
    if (queued.getAndIncrement() == 0) {
      LockSupport.unpark(drainer);
    }
  }

  private void drain() {
    long[] batch = new long[BATCH];
    while (!closed) {
      int taken = 0;
      Long id;
      while (taken < BATCH && (id = dropped.poll()) != null) {
        batch[taken++] = id;
      }
      if (taken == 0) {
        if (queued.get() == 0) {
          // drop() unparks on the first id after an empty queue; the timeout is only a backstop
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        continue;
      }
      uncount(batch, taken);
      try {
        listener.batchDone();
      } catch (RuntimeException e) {
        Log.warn("Could not finish releasing objects: {}", e.toString());
      }
      queued.addAndGet(-taken);
    }
  }

  private synchronized void uncount(long[] batch, int taken) {
    if (closed) {
      return;
    }
    batches++;
    for (int i = 0; i < taken; i++) {
      long id = batch[i];
      Integer left = counts.computeIfPresent(id, (k, count) -> count == 1 ? null : count - 1);
      if (left == null) {
        listener.released(id);
      }
    }
  }

  /** How many batches the drain thread has uncounted: for tests. */
  long batches() {
    return batches;
  }

  /** True while nothing waits in the queue: for tests. */
  boolean drained() {
    return queued.get() == 0;
  }

  /**
   * Stops counting: refs of an ended session say nothing any more. Waits briefly for the drain
   * thread to end, unless called from it.
   */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      counts.clear();
    }
    dropped.clear();
    LockSupport.unpark(drainer);
    if (Thread.currentThread() != drainer) {
      try {
        drainer.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the drain thread has ended: for tests. */
  boolean drainerEnded() {
    return !drainer.isAlive();
  }
}
