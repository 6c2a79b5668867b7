package io.jray.internal.driver;

import io.jray.ObjectLostException;
import io.jray.RayException;
import io.jray.internal.ObjectIds;
import io.jray.internal.store.ObjectStore;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
  /** Objects that ended in an error the store could not take; forgotten when they are freed. */
  private final ConcurrentHashMap<Long, RayException> failed = new ConcurrentHashMap<>();
  /** Set once jray shuts down: every wait, now or later, ends with it. */
  private volatile RayException shutDown;

  /** Whether no task or call of the core's will still make the object. */
  private final LongPredicate unmade;
  /** Tags of worker processes that ended and whose every frame has been read. */
  private final Set<Integer> goneMakers = ConcurrentHashMap.newKeySet();

  ObjectDirectory(ObjectStore store, HeldCalls heldCalls, LongPredicate unmade, int ownTag) {
    this.ownTag = ownTag;
    this.store = store;
    this.heldCalls = heldCalls;
    this.unmade = unmade;
  }

  /**
   * Completes once the object is in the store (at once if it is already), or exceptionally with
   * the error it failed with outside the store, or when the session shuts down.
   */
  CompletableFuture<Void> whenReady(long id) {
    if (shutDown != null) {
      return CompletableFuture.failedFuture(shutDown);
    }
    heldCalls.send(); // the object may be the result of a call held back for a batch
    CompletableFuture<Void> ready = waiters.computeIfAbsent(id, k -> new CompletableFuture<>());
    // Checked after registering, so a producer that wrote just before cannot be missed.
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
        CompletableFuture<Void> ready = error == null ? null : waiters.remove(id);
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
    if (!unmade.test(id) || store.contains(id) || failed.containsKey(id)) {
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
    CompletableFuture<Void> ready = waiters.remove(id);
    if (ready != null) {
      ready.complete(null);
    }
  }

  /** The object ended in an error that is not in the store: its waiters, now and later, get it. */
  void markFailed(long id, RayException error) {
    failed.put(id, error);
    CompletableFuture<Void> ready = waiters.remove(id);
    if (ready != null) {
      ready.completeExceptionally(error);
    }
  }

  /** The object was freed: nobody can ask for it any more. */
  void forget(long id) {
    failed.remove(id);
  }

  /** The session ends: every wait, present and future, ends with this error. */
  void failAll(RayException error) {
    shutDown = error;
    for (Long id : waiters.keySet()) {
      CompletableFuture<Void> ready = waiters.remove(id);
      if (ready != null) {
        ready.completeExceptionally(error);
      }
    }
  }
}
