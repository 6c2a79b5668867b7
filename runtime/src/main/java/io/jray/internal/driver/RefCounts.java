package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.refs.LongCounts;
import io.jray.internal.store.ObjectStore;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;

/**
 * Reference counting for the whole session, as Ray does it, kept by the driver: an object lives
 * while any process holds a ref to it, any unfinished task or actor needs it, or a live stored
 * value contains a ref to it. When its count drops to zero it is deleted from the store, and the
 * objects it referred to lose a count in turn. Counting happens under this lock; store deletes
 * right after, outside it.
 */
final class RefCounts {
  /** Store deletes per update of its shared counters (see ObjectStore#delete(long[], int)). */
  private static final int DELETE_BATCH = 128;

  private final ObjectStore store;
  /** Unboxed: a put loop keeps hundreds of thousands of ids here between collections. */
  private final LongCounts counts = new LongCounts();
  private final Map<Long, long[]> contents = new HashMap<>();
  /** Results not yet produced: freed when they arrive if nobody wants them by then. */
  private final Set<Long> expected = new HashSet<>();
  /** Freed, to be deleted from the store outside the lock (see {@link #deleteFreed}). */
  private final Queue<Long> freed = new ConcurrentLinkedQueue<>();

  /** Told of each object freed, under this lock: it must not wait for anything. */
  private final LongConsumer onFreed;

  RefCounts(ObjectStore store, LongConsumer onFreed) {
    this.store = store;
    this.onFreed = onFreed;
  }

  synchronized void hold(long id) {
    counts.increment(id);
  }

  void hold(long[] ids) {
    if (ids.length == 0) {
      return; // most calls hold nothing: no need to take the lock
    }
    synchronized (this) {
      for (long id : ids) {
        hold(id);
      }
    }
  }

  void unhold(long id) {
    synchronized (this) {
      Deque<Long> unheld = new ArrayDeque<>();
      unheld.add(id);
      drop(unheld);
    }
    deleteFreed();
  }

  void unhold(long[] ids) {
    if (ids.length == 0) {
      return;
    }
    synchronized (this) {
      Deque<Long> unheld = new ArrayDeque<>();
      for (long id : ids) {
        unheld.add(id);
      }
      drop(unheld);
    }
    deleteFreed();
  }

  /**
   * A process holds a ref now: counted once per process, however many refs it has.
   * heldByProcess, a set (every count 1), is guarded by this lock.
   */
  synchronized void acquire(LongCounts heldByProcess, long id) {
    if (!heldByProcess.contains(id)) {
      heldByProcess.increment(id);
      hold(id);
    }
  }

  void release(LongCounts heldByProcess, long id) {
    releaseLater(heldByProcess, id);
    deleteFreed();
  }

  /**
   * Like {@link #release}, but an object this frees is only deleted from the store by the next
   * {@link #deleteFreed}: for callers that hold a lock which must not wait for the store.
   */
  synchronized void releaseLater(LongCounts heldByProcess, long id) {
    if (heldByProcess.remove(id)) {
      unholdLater(id);
    }
  }

  /**
   * Like {@link #unhold(long)}, but an object this frees is only deleted from the store by the
   * next {@link #deleteFreed}, as in {@link #releaseLater}.
   */
  synchronized void unholdLater(long id) {
    if (dropOne(id)) {
      Deque<Long> unheld = new ArrayDeque<>();
      free(id, unheld);
      drop(unheld);
    }
  }

  /** A process is gone: whatever it held, it holds no longer. */
  void releaseAll(LongCounts heldByProcess) {
    synchronized (this) {
      Deque<Long> unheld = new ArrayDeque<>();
      for (long id : heldByProcess.keys()) {
        unheld.add(id);
      }
      heldByProcess.clear();
      drop(unheld);
    }
    deleteFreed();
  }

  /** A task or call will produce this object; until it does, it is not freed. */
  synchronized void expect(long resultId) {
    expected.add(resultId);
  }

  /** The object is in the store; it refers to {@code contained}. */
  void produced(long resultId, long[] contained) {
    synchronized (this) {
      contains(resultId, contained);
      expected.remove(resultId);
      if (!counts.contains(resultId)) {
        Deque<Long> unheld = new ArrayDeque<>();
        free(resultId, unheld);
        drop(unheld);
      }
    }
    deleteFreed();
  }

  /**
   * Deletes from the store the objects freed so far. Done outside this lock (and the callers'),
   * since a store delete takes microseconds and the put path counts every new ref under it.
   */
  void deleteFreed() {
    long[] batch = null;
    int taken = 0;
    Long id;
    while ((id = freed.poll()) != null) {
      if (batch == null) {
        batch = new long[DELETE_BATCH];
      }
      batch[taken++] = id;
      if (taken == DELETE_BATCH) {
        store.delete(batch, taken);
        taken = 0;
      }
    }
    if (taken > 0) {
      store.delete(batch, taken);
    }
  }

  /**
   * The stored object refers to these: they live at least as long as it does. Told twice of one
   * container (a call that told, then died before storing, and ran again), it keeps both lists:
   * each was counted, so each is dropped when the container goes.
   */
  synchronized void contains(long container, long[] refs) {
    if (refs.length == 0) {
      return;
    }
    contents.merge(container, refs, RefCounts::concat);
    hold(refs);
  }

  private static long[] concat(long[] first, long[] second) {
    long[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private void drop(Deque<Long> unheld) {
    while (!unheld.isEmpty()) {
      long id = unheld.poll();
      if (dropOne(id)) {
        free(id, unheld);
      }
    }
  }

  /** Takes one count from id; true if that leaves it free. */
  private boolean dropOne(long id) {
    int count = counts.decrement(id);
    if (count < 0) {
      Log.debug("Reference count of {} went below zero", ObjectIds.hex(id));
    }
    return count == 0 && !expected.contains(id);
  }

  private void free(long id, Deque<Long> unheld) {
    freed.add(id);
    onFreed.accept(id);
    long[] inner = contents.remove(id);
    if (inner != null) {
      for (long ref : inner) {
        unheld.add(ref); // the caller's loop drops them: no recursion on long chains
      }
    }
  }
}
