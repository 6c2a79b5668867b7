package io.jray.internal;

import io.jray.GetTimeoutException;
import io.jray.RayException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code Ray.get}'s wait, over as many futures as it takes: it spins briefly, then parks with
 * the CPU slot lent ({@link BaseRuntime#beforeBlocking}) until {@link #close}, so a get that
 * wakes for each of many refs tells the driver once, not once per ref. The timeout, if any, is
 * for the whole get.
 */
final class Waiting implements AutoCloseable {
  private final BaseRuntime runtime;
  private final Duration timeout;
  private final List<?> refs;
  private final long start = System.nanoTime();
  private boolean blocked;

  /** {@code timeout} null waits with no limit; {@code refs} only name what waited. */
  Waiting(BaseRuntime runtime, Duration timeout, List<?> refs) {
    this.runtime = runtime;
    this.timeout = timeout;
    this.refs = refs;
  }

  /**
   * As {@link #await(CompletableFuture)}, where the call that makes object {@code made} (0:
   * none known) completes {@code ready}: first by reading its reply on this thread, if the
   * runtime can ({@link BaseRuntime#readUntilMade}).
   */
  void await(long made, CompletableFuture<?> ready) {
    if (made != 0 && runtime.readUntilMade(made, ready, deadline())) {
      rethrowFailure(ready, refs);
      return;
    }
    await(ready);
  }

  /** When the timeout ends, as System.nanoTime; 0 if never (or in centuries). */
  private long deadline() {
    if (timeout == null || nanos(timeout) > Long.MAX_VALUE / 4) {
      return 0;
    }
    long deadline = start + nanos(timeout);
    return deadline == 0 ? 1 : deadline;
  }

  /** Returns once {@code ready} completes; throws what it failed with, or on timeout. */
  void await(CompletableFuture<?> ready) {
    if (spinUntilDone(ready, runtime.spinNanos())) {
      rethrowFailure(ready, refs);
      return;
    }
    if (!blocked) {
      runtime.beforeBlocking();
      blocked = true;
    }
    try {
      if (timeout == null) {
        ready.get();
      } else {
        ready.get(Math.max(0, nanos(timeout) - (System.nanoTime() - start)),
            TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      throw new GetTimeoutException("Ray.get timed out after " + timeout + " waiting for "
          + (refs.size() == 1 ? refs.get(0) : refs.size() + " refs")
          + ". The task may still be running: wait longer, or use Ray.wait to poll.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("Interrupted in Ray.get", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), refs);
    }
  }

  @Override
  public void close() {
    if (blocked) {
      blocked = false;
      runtime.afterBlocking();
    }
  }

  /** Throws what a completed future failed with, as a get of {@code refs} reports it. */
  static void rethrowFailure(CompletableFuture<?> ready, List<?> refs) {
    if (ready.isCompletedExceptionally()) {
      try {
        ready.join();
      } catch (CompletionException e) {
        throw failure(e.getCause(), refs);
      } catch (CancellationException e) {
        throw failure(e, refs);
      }
    }
  }

  /**
   * A wait that ended in an error, not a value (jray shut down meanwhile, an error the store
   * could not take): jray's own errors are thrown as they are; anything else is named with the
   * refs.
   */
  static RayException failure(Throwable cause, List<?> refs) {
    if (cause instanceof RayException known) {
      return known; // of its own class, which says what happened (ObjectLostException, say)
    }
    return new RayException("Cannot get " + refs + ": " + cause, cause);
  }

  /**
   * Waits a few tens of microseconds without giving up the CPU: a no-op call's result comes back
   * in about that time, and a thread that parks costs its waker a wake-up, which on a virtual
   * machine can take longer than the whole call. Yields meanwhile, so that on a busy machine the
   * thread that will complete the future gets the CPU.
   */
  private static boolean spinUntilDone(CompletableFuture<?> ready, long spinNanos) {
    long start = System.nanoTime();
    for (int i = 0; !ready.isDone(); i++) {
      if (System.nanoTime() - start > spinNanos) {
        return false;
      }
      if ((i & 15) == 15) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    return true;
  }

  /** A timeout in nanoseconds; centuries saturate rather than overflow. */
  static long nanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
