package io.jray.internal.refs;

import io.jray.internal.Log;
import io.jray.internal.ThreadOverride;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the live {@code ObjectRef}s of each object in this process, as the garbage collector
 * sees them, and says when the process starts and stops holding an object. The driver adds up
 * what every process holds to know when an object can be freed.
 *
 * <p>A new ref is counted at once, on the caller's thread, and "acquired" is reported there. Each
 * ref gets a phantom reference on this tracker's own queue; one daemon thread per tracker,
 * {@code jray-refs}, takes the queue in batches, uncounts and reports "released" for the ids
 * whose count reaches zero. (A Cleaner cost a second thread's hop and two more objects per ref,
 * and a put loop keeps hundreds of thousands of refs alive between collections.) Counting and
 * reporting happen under one lock, so "acquired" for an id always reaches the listener before the
 * matching "released", and an id that is tracked again while its drop waits in the queue is
 * never reported released.
 */
public final class LocalRefs {
  /** The most ids one hold of the lock uncounts, so that {@link #track} never waits long. */
  static final int BATCH = 128;

  /** Only a backstop: an enqueued ref or close() wakes the drain thread at once. */
  private static final long IDLE_WAIT_MILLIS = 100;

  private static volatile LocalRefs current;
  /** An actor's tracker in a shared host, for its threads: see {@link #setForThread}. */
  private static final ThreadOverride<LocalRefs> THREAD = new ThreadOverride<>();

  /** Told when this process starts or stops holding an object. Called under this lock. */
  public interface Listener {
    void acquired(long id);

    void released(long id);

    /**
     * Several ids released at once, in order: a listener behind a lock of its own takes it once
     * per batch rather than once per id.
     */
    default void released(long[] ids, int count) {
      for (int i = 0; i < count; i++) {
        released(ids[i]);
      }
    }

    /**
     * Called on the drain thread after each batch of releases, holding no lock: where work that
     * {@link #released} put off (a store delete) belongs, so that {@link #track} never waits for it.
     */
    default void batchDone() {}
  }

  private final Listener listener;
  /** Null when the listener hears of every ref (see {@link #everyRef}). */
  private final LongCounts counts;
  /** Refs the collector found unreachable, and drops made by hand. */
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  /**
   * The tracked refs not collected yet, linked: a phantom reference is only enqueued while it is
   * itself reachable. Guarded by this lock.
   */
  private Tracked live;
  /** Drops made by hand and not yet uncounted: for tests. */
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread drainer;
  private volatile boolean closed;
  private volatile long batches; // written under this lock

  /** A tracker that reports when this process starts and stops holding each object. */
  public LocalRefs(Listener listener) {
    this(listener, new LongCounts());
  }

  private LocalRefs(Listener listener, LongCounts counts) {
    this.listener = listener;
    this.counts = counts;
    this.drainer = new Thread(this::drain, "jray-refs");
    drainer.setDaemon(true);
    drainer.start();
  }

  /**
   * A tracker that reports acquired and released for every ref, not once per object: for a
   * listener that counts refs anyway (the driver's reference counts), so that the tracker need
   * not count them too.
   */
  public static LocalRefs everyRef(Listener listener) {
    return new LocalRefs(listener, null);
  }

  /** The tracker of this process's runtime, or null when none is running. */
  public static LocalRefs current() {
    return THREAD.orElse(current);
  }

  /**
   * Gives this thread, and the threads it starts from now on, a tracker of their own: in a JVM
   * that hosts several actors, an actor's refs are reported on its own channel, in order with
   * its calls' results. Null takes it away again.
   */
  public static void setForThread(LocalRefs refs) {
    THREAD.set(refs);
  }

  public static void setCurrent(LocalRefs refs) {
    current = refs;
  }

  /** Counts a new ref object; when the collector finds it unreachable, it is uncounted. */
  public void track(Object ref, long id) {
    Tracked tracked = new Tracked(ref, id, collected);
    synchronized (this) {
      if (count(id)) {
        link(tracked);
      }
    }
    Reference.reachabilityFence(ref); // not enqueued before it is linked
  }

  /**
   * Links a new ref whose "acquired" its listener has already counted (an every-ref tracker
   * only): the drop of the ref is reported as usual.
   */
  public void trackCounted(Object ref, long id) {
    if (counts != null) {
      throw new IllegalStateException("Only an every-ref tracker takes refs counted elsewhere");
    }
    Tracked tracked = new Tracked(ref, id, collected);
    synchronized (this) {
      if (!closed) {
        link(tracked);
      }
    }
    Reference.reachabilityFence(ref);
  }

  /** Counts one more ref to {@code id}; false once closed. */
  boolean count(long id) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (counts == null || counts.increment(id) == 1) {
        listener.acquired(id);
      }
      return true;
    }
  }

  /** A ref to {@code id} is gone, as if the collector had found it so: for tests. Any thread. */
  void drop(long id) {
    if (closed) {
      return;
    }
    queued.incrementAndGet();
    Tracked byHand = new Tracked(null, id, collected);
    byHand.byHand = true;
    byHand.enqueue();
  }

  private void drain() {
    Tracked[] batch = new Tracked[BATCH];
    long[] released = new long[BATCH];
    while (!closed) {
      Reference<?> first;
      try {
        first = collected.remove(IDLE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        continue; // only close() ends this thread
      }
      if (first == null || closed) {
        continue;
      }
      int taken = 0;
      batch[taken++] = (Tracked) first;
      Reference<?> next;
      while (taken < BATCH && (next = collected.poll()) != null) {
        batch[taken++] = (Tracked) next;
      }
      int byHand = uncount(batch, taken, released);
      Arrays.fill(batch, 0, taken, null);
      try {
        listener.batchDone();
      } catch (RuntimeException e) {
        Log.warn("Could not finish releasing objects: {}", e.toString());
      }
      queued.addAndGet(-byHand);
    }
  }

  /** Uncounts the batch; returns how many of it were drops made by hand. */
  private synchronized int uncount(Tracked[] batch, int taken, long[] released) {
    int byHand = 0;
    int freed = 0;
    if (closed) {
      return byHand;
    }
    batches++;
    for (int i = 0; i < taken; i++) {
      Tracked tracked = batch[i];
      if (tracked.byHand) {
        byHand++;
      } else {
        unlink(tracked);
      }
      if (counts == null || counts.decrement(tracked.id) == 0) {
        released[freed++] = tracked.id;
      }
    }
    if (freed > 0) {
      listener.released(released, freed);
    }
    return byHand;
  }

  private void link(Tracked tracked) {
    tracked.next = live;
    if (live != null) {
      live.previous = tracked;
    }
    live = tracked;
  }

  private void unlink(Tracked tracked) {
    if (tracked.previous == null) {
      live = tracked.next;
    } else {
      tracked.previous.next = tracked.next;
    }
    if (tracked.next != null) {
      tracked.next.previous = tracked.previous;
    }
    tracked.previous = null;
    tracked.next = null;
  }

  /** How many batches the drain thread has uncounted: for tests. */
  long batches() {
    return batches;
  }

  /** True while no drop made by hand waits to be uncounted: for tests. */
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
      if (counts != null) {
        counts.clear();
      }
      live = null; // unreachable now, so never enqueued
    }
    new Tracked(null, 0, collected).enqueue(); // wakes the drain thread, which sees closed
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

  /** A tracked ref's id, on this tracker's queue once the collector finds the ref unreachable. */
  private static final class Tracked extends PhantomReference<Object> {
    final long id;
    /** Made by {@link #drop}, never linked. */
    boolean byHand;
    Tracked previous;
    Tracked next;

    Tracked(Object ref, long id, ReferenceQueue<Object> queue) {
      super(ref, queue);
      this.id = id;
    }
  }
}
