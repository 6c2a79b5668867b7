package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.internal.store.ObjectStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who waits for which object. The store itself says what is ready (an object is there only once
 * complete); this only wakes waiters when a producer reports that it has written one.
 */
final class ObjectDirectory {
  private final ObjectStore store;
  private final HeldCalls heldCalls;
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
  /** Set once jray shuts down: every wait, now or later, ends with it. */
  private volatile RayException failure;

  ObjectDirectory(ObjectStore store, HeldCalls heldCalls) {
    this.store = store;
    this.heldCalls = heldCalls;
  }

  /** Completes once the object is in the store; at once if it is already. */
  CompletableFuture<Void> whenReady(long id) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    heldCalls.send(); // the object may be the result of a call held back for a batch
    CompletableFuture<Void> ready = waiters.computeIfAbsent(id, k -> new CompletableFuture<>());
    // Checked after registering, so a producer that wrote just before cannot be missed.
    if (failure != null) {
      ready.completeExceptionally(failure); // failAll ran meanwhile and may have missed it
    } else if (store.contains(id)) {
      markReady(id);
    }
    return ready;
  }

  /** Ends every wait, present and future, with this error: the objects will never come. */
  void failAll(RayException error) {
    failure = error;
    waiters.values().forEach(waiter -> waiter.completeExceptionally(error));
    waiters.clear();
  }

  /** The producer wrote the object: wake everyone waiting for it. */
  void markReady(long id) {
    CompletableFuture<Void> ready = waiters.remove(id);
    if (ready != null) {
      ready.complete(null);
    }
  }
}
