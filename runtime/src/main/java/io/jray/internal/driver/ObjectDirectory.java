package io.jray.internal.driver;

import io.jray.ObjectLostException;
import io.jray.RayException;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectReady;
import io.jray.internal.store.ObjectStore;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * Who waits for which object. The store itself says what is ready (an object is there only once
 * complete); this only wakes waiters when a producer reports that it has written one. An object
 * whose value or error could not be stored at all fails here instead, in memory, so that its
 * waiters still hear how it ended.
 */
final class ObjectDirectory {
  /** The tag of this runtime's own ids: the driver's, or a job host's in a cluster. */
  private final int ownTag;
  private final ObjectStore store;
  private final HeldCalls heldCalls;
  private final ConcurrentHashMap<Long, ObjectReady> waiters = new ConcurrentHashMap<>();
  /** Objects that ended in an error the store could not take; forgotten when they are freed. */
  private final ConcurrentHashMap<Long, RayException> failed = new ConcurrentHashMap<>();
  /** Small values of the driver's calls that only the driver has: ready, though not stored. */
  private final OwnedValues owned;
  /** Set once jray shuts down: every wait, now or later, ends with it. */
  private volatile RayException shutDown;

  /** Whether no task or call of the core's will still make the object. */
  private final LongPredicate unmade;
  /**
   * Whether a task or call of the core's will still settle each object (wake its waiters),
   * asking the core once for all.
   */
  private final Function<long[], boolean[]> settlesEach;
  /** Tags of worker processes that ended and whose every frame has been read. */
  private final Set<Integer> goneMakers = ConcurrentHashMap.newKeySet();

  ObjectDirectory(ObjectStore store, HeldCalls heldCalls, LongPredicate unmade,
      Function<long[], boolean[]> settlesEach, int ownTag, OwnedValues owned) {
    this.owned = owned;
    this.ownTag = ownTag;
    this.store = store;
    this.heldCalls = heldCalls;
    this.unmade = unmade;
    this.settlesEach = settlesEach;
  }

  /**
   * Waits for objects that calls of the core's still make, registered without a look at the
   * store: each call's end wakes its wait, with a copy of a small value (see {@link ObjectReady}).
   * Null where no call of the core's makes the object now; there the store is the place to look.
   * The core is asked twice in all, for every object at once.
   */
  CompletableFuture<?>[] whenMade(long[] ids) {
    CompletableFuture<?>[] waits = new CompletableFuture<?>[ids.length];
    if (shutDown != null) {
      return waits;
    }
    boolean[] made = settlesEach.apply(ids);
    boolean any = false;
    for (int i = 0; i < ids.length; i++) {
      if (made[i]) {
        waits[i] = waiters.computeIfAbsent(ids[i], k -> new ObjectReady());
        any = true;
      }
    }
    if (!any) {
      return waits;
    }
    heldCalls.send(); // an object may be the result of a call held back for a batch
    // Asked again after registering: the core forgets a call before its end wakes the waiters,
    // so a wait registered after that end is not missed.
    boolean[] still = settlesEach.apply(ids);
    for (int i = 0; i < ids.length; i++) {
      if (waits[i] != null && (!still[i] || shutDown != null)) {
        waits[i] = whenReady(ids[i]); // it ended meanwhile: its wait may have been missed
      }
    }
    return waits;
  }

  /**
   * Completes once the object is in the store (at once if it is already), or exceptionally with
   * the error it failed with outside the store, or when the session shuts down. If its maker's
   * end wakes the wait, it brings a copy of a small value (see {@link ObjectReady}).
   */
  CompletableFuture<Void> whenReady(long id) {
    if (shutDown != null) {
      return CompletableFuture.failedFuture(shutDown);
    }
    heldCalls.send(); // the object may be the result of a call held back for a batch
    ObjectReady ready = waiters.computeIfAbsent(id, k -> new ObjectReady());
    // Checked after registering, so a producer that wrote just before cannot be missed. A value
    // the driver keeps is there before its call's end is applied (see TaskEnds).
    byte[] kept = owned.copy(id);
    if (kept != null) {
      markReady(id, kept);
      return ready;
    }
    if (store.contains(id)) {
      markReady(id);
      return ready;
    }
    RayException error = failed.get(id);
    if (error == null) {
      error = shutDown; // failAll ran meanwhile and may have missed this waiter
    }
    if (error == null) {
      error = lost(id);
    }
    if (error != null) {
      waiters.remove(id, ready);
      ready.completeExceptionally(error);
    }
    return ready;
  }

  /**
   * A worker process ended, and every frame it sent has been applied: objects it made refs to
   * that no task will make now never come. Their waits end.
   */
  void makerGone(int tag) {
    goneMakers.add(tag);
    for (Long id : waiters.keySet()) {
      if (ObjectIds.processTagOf(id) == tag) {
        RayException error = lost(id);
        ObjectReady ready = error == null ? null : waiters.remove(id);
        if (ready != null) {
          ready.completeExceptionally(error);
        }
      }
    }
  }

  /**
   * The error for an object that will never come, or null if it may still. Its ref was made by
   * the driver (whose tasks the core knows as soon as their refs exist) or by a process that has
   * ended; no task or call of the core's makes it; and it is not in the store (looked at last:
   * a task that ends puts its object in the store before the core forgets it).
   */
  private RayException lost(long id) {
    int maker = ObjectIds.processTagOf(id);
    if (maker != ownTag && !goneMakers.contains(maker)) {
      return null; // its maker lives, and may yet submit the task that makes it
    }
    if (!unmade.test(id) || owned.has(id) || store.contains(id) || failed.containsKey(id)) {
      return null;
    }
    return new ObjectLostException("The object of ObjectRef(" + ObjectIds.hex(id) + ") is lost:"
        + (maker == ownTag ? " no task of this session makes it, and it is not"
            + " in the store (it may have been freed)."
            : " the worker process that made its ref ended before the object reached the store,"
            + " and no task will make it.") + " Run the work that makes it again.");
  }

  /** The producer wrote the object: wake everyone waiting for it. */
  void markReady(long id) {
    markReady(id, null);
  }

  /** As {@link #markReady(long)}, handing the waiters a copy of the value's bytes (or null). */
  void markReady(long id, byte[] value) {
    ObjectReady ready = waiters.remove(id);
    if (ready != null) {
      ready.arrive(value);
    }
  }

  /** The object ended in an error that is not in the store: its waiters, now and later, get it. */
  void markFailed(long id, RayException error) {
    failed.put(id, error);
    ObjectReady ready = waiters.remove(id);
    if (ready != null) {
      ready.completeExceptionally(error);
    }
  }

  /**
   * The object was freed: nobody can ask for it any more. Returns whether the store may hold it
   * (false for a value the driver kept and never stored: nothing to delete there).
   */
  boolean forget(long id) {
    failed.remove(id);
    return owned.forget(id);
  }

  /** The session ends: every wait, present and future, ends with this error. */
  void failAll(RayException error) {
    shutDown = error;
    owned.clear();
    for (Long id : waiters.keySet()) {
      ObjectReady ready = waiters.remove(id);
      if (ready != null) {
        ready.completeExceptionally(error);
      }
    }
  }
}
