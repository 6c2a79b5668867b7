package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.refs.LongCounts;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongPredicate;

/**
 * Reference counting for the whole session, as Ray does it, kept by the driver: an object lives
 * while any process holds a ref to it, any unfinished task or actor needs it, or a live stored
 * value contains a ref to it. When its count drops to zero it is deleted from the store, and the
 * objects it referred to lose a count in turn. A part of the {@link DriverCore}: counting happens
 * under the core's lock; store deletes after it, outside ({@link #deleteFreed}).
 */
final class RefCounts {
  /** Store deletes per update of its shared counters (see ObjectStore#delete(long[], int)). */
  private static final int DELETE_BATCH = 128;

  /** Deletes objects from the store. */
  @FunctionalInterface
  interface Deleter {
    void delete(long[] ids, int count);
  }

  private final Deleter store;
  /** Unboxed: a put loop keeps hundreds of thousands of ids here between collections. */
  private final LongCounts counts = new LongCounts();
  private final Map<Long, long[]> contents = new HashMap<>();
  /** Results not yet produced: freed when they arrive if nobody wants them by then. */
  private final Set<Long> expected = new HashSet<>();
  /** Freed, to be deleted from the store outside the lock (see {@link #deleteFreed}). */
  private final Queue<Long> freed = new ConcurrentLinkedQueue<>();
  /**
   * Told of each object freed, under the lock: it must not wait for anything. It says whether the
   * store may hold the object; if not (a value only the driver kept), no delete goes to the store.
   */
  private final LongPredicate onFreed;

  RefCounts(Deleter store, LongPredicate onFreed) {
    this.store = store;
    this.onFreed = onFreed;
  }

  void hold(long id) {
    counts.increment(id);
  }

  void hold(long[] ids) {
    for (long id : ids) {
      counts.increment(id);
    }
  }

  /** Drops one count of each; what that frees is deleted by the next {@link #deleteFreed}. */
  void unhold(long[] ids) {
    if (ids.length == 0) {
      return;
    }
    Deque<Long> unheld = new ArrayDeque<>();
    for (long id : ids) {
      unheld.add(id);
    }
    drop(unheld);
  }

  /** Drops one count; what that frees is deleted by the next {@link #deleteFreed}. */
  void unhold(long id) {
    if (dropOne(id)) {
      Deque<Long> unheld = new ArrayDeque<>();
      free(id, unheld);
      drop(unheld);
    }
  }

  /**
   * A process holds a ref now: counted once per process, however many refs it has.
   * heldByProcess is a set (every count 1).
   */
  void acquire(LongCounts heldByProcess, long id) {
    if (!heldByProcess.contains(id)) {
      heldByProcess.increment(id);
      hold(id);
    }
  }

  void release(LongCounts heldByProcess, long id) {
    if (heldByProcess.remove(id)) {
      unhold(id);
    }
  }

  /** A process is gone: whatever it held, it holds no longer. */
  void releaseAll(LongCounts heldByProcess) {
    Deque<Long> unheld = new ArrayDeque<>();
    for (long id : heldByProcess.keys()) {
      unheld.add(id);
    }
    heldByProcess.clear();
    drop(unheld);
  }

  /** A task or call will produce this object; until it does, it is not freed. */
  void expect(long resultId) {
    expected.add(resultId);
  }

  /** The object is in the store (or failed); it refers to {@code contained}. */
  void produced(long resultId, long[] contained) {
    contains(resultId, contained);
    expected.remove(resultId);
    if (!counts.contains(resultId)) {
      Deque<Long> unheld = new ArrayDeque<>();
      free(resultId, unheld);
      drop(unheld);
    }
  }

  /**
   * The stored object refers to these: they live at least as long as it does. Told twice of one
   * container (a call that told, then died before storing, and ran again), it keeps both lists:
   * each was counted, so each is dropped when the container goes.
   */
  void contains(long container, long[] refs) {
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

  /**
   * Deletes from the store the objects freed so far. Called by the shell outside the core's lock
   * (any thread), since a store delete takes microseconds and the put path counts every new ref
   * under that lock.
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

  /** Whether a task or call will still produce the object. */
  boolean isExpected(long id) {
    return expected.contains(id);
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
    if (onFreed.test(id)) {
      freed.add(id);
    }
    long[] inner = contents.remove(id);
    if (inner != null) {
      for (long ref : inner) {
        unheld.add(ref); // the caller's loop drops them: no recursion on long chains
      }
    }
  }
}
