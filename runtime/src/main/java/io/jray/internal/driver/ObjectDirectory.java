package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.internal.store.ObjectStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who waits for which object. The store itself says what is ready (an object is there only once
 * complete); this only wakes waiters when a producer reports that it has written one. An object
 * whose value or error could not be stored at all fails here instead, in memory, so that its
 * waiters still hear how it ended.
 */
final class ObjectDirectory {
  private final ObjectStore store;
  private final HeldCalls heldCalls;
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
  /** Objects that ended in an error the store could not take; forgotten when they are freed. */
  private final ConcurrentHashMap<Long, RayException> failed = new ConcurrentHashMap<>();
  /** Set once jray shuts down: every wait, now or later, ends with it. */
  private volatile RayException shutDown;

  ObjectDirectory(ObjectStore store, HeldCalls heldCalls) {
    this.store = store;
    this.heldCalls = heldCalls;
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
    if (error != null) {
      waiters.remove(id, ready);
      ready.completeExceptionally(error);
    }
    return ready;
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
