package io.jray.internal.worker;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** The value of a future that a remote method returned. */
final class Futures {
  private Futures() {}

  /** Waits for the future's value; throws what it failed with, unwrapped. */
  static Object await(CompletionStage<?> stage) throws Throwable {
    try {
      return stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  /** What a future failed with, without the wrapper that {@code whenComplete} adds. */
  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        && !(error instanceof CancellationException) ? error.getCause() : error;
  }
}
