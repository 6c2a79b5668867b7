package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.store.ObjectStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reference counting for the whole session, as Ray does it, kept by the driver: an object lives
 * while any process holds a ref to it, any unfinished task or actor needs it, or a live stored
 * value contains a ref to it. When its count drops to zero it is deleted from the store, and the
 * objects it referred to lose a count in turn. Counting happens under this lock; store deletes
 * right after, outside it.
 */
final class RefCounts {
  private final ObjectStore store;
  private final Map<Long, Integer> counts = new HashMap<>();
  private final Map<Long, long[]> contents = new HashMap<>();
  /** Results not yet produced: freed when they arrive if nobody wants them by then. */
  private final Set<Long> expected = new HashSet<>();
  /** Freed, to be deleted from the store outside the lock (see {@link #deleteFreed}). */
  private final Queue<Long> freed = new ConcurrentLinkedQueue<>();

  RefCounts(ObjectStore store) {
    this.store = store;
  }

  synchronized void hold(long id) {
    counts.merge(id, 1, Integer::sum);
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

  /** A process holds a ref now: counted once per process, however many refs it has. */
  synchronized void acquire(Set<Long> heldByProcess, long id) {
    if (heldByProcess.add(id)) {
      hold(id);
    }
  }

  void release(Set<Long> heldByProcess, long id) {
    releaseLater(heldByProcess, id);
    deleteFreed();
  }

  /**
   * Like {@link #release}, but an object this frees is only deleted from the store by the next
   * {@link #deleteFreed}: for callers that hold a lock which must not wait for the store.
   */
  synchronized void releaseLater(Set<Long> heldByProcess, long id) {
    if (heldByProcess.remove(id)) {
      Deque<Long> unheld = new ArrayDeque<>();
      unheld.add(id);
      drop(unheld);
    }
  }

  /** A process is gone: whatever it held, it holds no longer. */
  void releaseAll(Set<Long> heldByProcess) {
    synchronized (this) {
      Deque<Long> unheld = new ArrayDeque<>(heldByProcess);
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
      if (!counts.containsKey(resultId)) {
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
    Long id;
    while ((id = freed.poll()) != null) {
      store.delete(id);
    }
  }

  /** The stored object refers to these: they live at least as long as it does. */
  synchronized void contains(long container, long[] refs) {
    if (refs.length == 0) {
      return;
    }
    contents.put(container, refs);
    hold(refs);
  }

  private void drop(Deque<Long> unheld) {
    while (!unheld.isEmpty()) {
      long id = unheld.poll();
      Integer count = counts.get(id);
      if (count == null) {
        Log.debug("Reference count of {} went below zero", ObjectIds.hex(id));
      } else if (count > 1) {
        counts.put(id, count - 1);
      } else {
        counts.remove(id);
        if (!expected.contains(id)) {
          free(id, unheld);
        }
      }
    }
  }

  private void free(long id, Deque<Long> unheld) {
    freed.add(id);
    long[] inner = contents.remove(id);
    if (inner != null) {
      for (long ref : inner) {
        unheld.add(ref); // the caller's loop drops them: no recursion on long chains
      }
    }
  }
}
