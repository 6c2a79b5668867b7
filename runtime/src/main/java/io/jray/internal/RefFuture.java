package io.jray.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code ref.toFuture()} gives: a plain CompletableFuture to compose, except that a thread
 * that blocks on it lends its CPU slot as {@code Ray.get} does. Inside a worker, a task that
 * joins the future of its own child would otherwise keep the slot the child needs (with one CPU,
 * forever). Stages derived from it are of this class too, so {@code f.thenApply(..).join()}
 * lends the slot as well.
 */
final class RefFuture<T> extends CompletableFuture<T> {
  private final BaseRuntime runtime;

  RefFuture(BaseRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new RefFuture<>(runtime);
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    if (isDone()) {
      return super.get();
    }
    runtime.beforeBlocking();
    try {
      return super.get();
    } finally {
      runtime.afterBlocking();
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (isDone()) {
      return super.get(timeout, unit);
    }
    runtime.beforeBlocking();
    try {
      return super.get(timeout, unit);
    } finally {
      runtime.afterBlocking();
    }
  }

  @Override
  public T join() {
    if (isDone()) {
      return super.join();
    }
    runtime.beforeBlocking();
    try {
      return super.join();
    } finally {
      runtime.afterBlocking();
    }
  }
}
