package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.StoredValues;
import io.jray.internal.dashboard.KeptObjects;
import io.jray.internal.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small values of the driver's own tasks, kept in the driver's memory rather than in the
 * shared store, as Ray's owner keeps small returns: a worker sends such a value only in its
 * TASK_DONE (see {@code WorkerMain.OWNER_KEEPS_PROPERTY}), which spares the task a store put,
 * the most costly step of a fresh worker's call; an actor's host sends its small values likewise.
 * The driver's own gets read the value here, as they read a copy of a small value of its call
 * that its process stored as well. A
 * worker reads objects from the store, so a value is stored, once, as soon as a worker may need
 * it: when a task or actor call that takes it as an argument is found ready to go
 * ({@link #storeIfKept}, from the core's look at the store), and before the driver tells a worker
 * that subscribed to it (a ref that reached the worker inside a value) that it is ready. A value
 * leaves when its object is freed, or when the session ends.
 */
final class OwnedValues implements KeptObjects {
  /** Puts a value's bytes into the shared store under its id. */
  interface Storer {
    void put(long id, byte[] value);
  }

  /** A kept value, whether the store has it too, and whether it was freed. */
  private static final class Kept {
    final byte[] value;
    /** Written under the entry's lock; read without it by the listing, hence volatile. */
    volatile boolean stored;
    boolean freed;

    Kept(byte[] value) {
      this.value = value;
    }
  }

  private final ConcurrentHashMap<Long, Kept> values = new ConcurrentHashMap<>();
  /** How many kept values the store does not have: the state API lists those as the driver's. */
  private final AtomicLong unstored = new AtomicLong();
  private final Storer storer;

  OwnedValues(Storer storer) {
    this.storer = storer;
  }

  /** Keeps the value of object {@code id}, whose only copy this is. */
  void keep(long id, byte[] value) {
    if (values.putIfAbsent(id, new Kept(value)) == null) {
      unstored.incrementAndGet();
    }
  }

  /**
   * Keeps a copy of the value of object {@code id}, which the store has too (an actor's host
   * that could not keep a held reply's value otherwise): the driver's gets read it here rather
   * than in the store, whose index a fresh driver would otherwise open, cold, in the middle of
   * its first burst of calls.
   */
  void keepStoredCopy(long id, byte[] value) {
    Kept kept = new Kept(value);
    kept.stored = true;
    values.putIfAbsent(id, kept);
  }

  /** The kept value's bytes, or null if this object is not kept here. */
  byte[] copy(long id) {
    Kept kept = values.get(id);
    return kept == null ? null : kept.value;
  }

  boolean has(long id) {
    return values.containsKey(id);
  }

  /**
   * If the object is kept here, makes sure the store has it too (a worker is about to read it),
   * and returns true; false if it is not kept here. Never throws: a store that cannot take it
   * (full, say) is logged, and the worker's read fails.
   */
  boolean storeIfKept(long id) {
    Kept kept = values.get(id);
    if (kept == null) {
      return false;
    }
    synchronized (kept) {
      if (kept.freed) {
        return false;
      }
      if (!kept.stored) {
        try {
          storer.put(id, kept.value);
        } catch (RuntimeException e) {
          // Under the core's lock: say so and go on; the worker that reads it fails, saying
          // that the object is gone, and its caller hears it.
          Log.warn("Could not copy the object {} into the store for a worker that needs it: {}",
              ObjectIds.hex(id), e.toString());
          return true;
        }
        kept.stored = true;
        unstored.decrementAndGet();
      }
    }
    return true;
  }

  /**
   * The object was freed: its value goes. Returns whether the store may hold the object: false
   * for a value kept here and never stored, whose delete from the store would only miss (and
   * costs a fresh driver a cold Chronicle look-up per freed result); true for anything else,
   * whose store copy is deleted with the rest.
   */
  boolean forget(long id) {
    Kept kept = values.remove(id);
    if (kept == null) {
      return true;
    }
    synchronized (kept) {
      kept.freed = true; // from now on storeIfKept stores nothing for it
      if (!kept.stored) {
        unstored.decrementAndGet();
        return false;
      }
      return true;
    }
  }

  /** How many kept values the store does not have. */
  @Override
  public long count() {
    return unstored.get();
  }

  /**
   * Up to {@code limit} of the kept values the store does not have, from the {@code offset}-th,
   * in no particular order (the store lists the others).
   */
  @Override
  public List<ObjectStore.Listing> list(long offset, int limit) {
    List<ObjectStore.Listing> page = new ArrayList<>();
    long skipped = 0;
    for (var entry : values.entrySet()) {
      if (page.size() >= limit) {
        break;
      }
      if (entry.getValue().stored) {
        continue;
      }
      if (skipped++ >= offset) {
        page.add(new ObjectStore.Listing(entry.getKey(), entry.getValue().value.length, false,
            StoredValues.VALUE));
      }
    }
    return page;
  }

  /** The session ends: nothing is kept. */
  void clear() {
    values.clear();
    unstored.set(0);
  }
}
