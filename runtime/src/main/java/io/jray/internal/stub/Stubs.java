package io.jray.internal.stub;

import io.jray.ObjectRef;
import io.jray.internal.RuntimeHolder;

/**
 * The calls that generated stubs make. Each argument is the value itself or an {@link ObjectRef}
 * to it; the runtime resolves refs before the task runs.
 *
 * <p>For generated code only; not part of the API.
 */
public final class Stubs {
  private Stubs() {}

  /** Submits a task and returns the ref to its result at once. */
  public static <R> ObjectRef<R> submit(TaskFunction<R> function, Object... args) {
    return RuntimeHolder.current().submitTask(function, args);
  }
}
