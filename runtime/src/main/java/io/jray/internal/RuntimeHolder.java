package io.jray.internal;

import io.jray.RayException;

/** The runtime of this process, if {@code Ray.init} (or a worker's start) set one. */
public final class RuntimeHolder {
  private static volatile RayRuntime current;

  private RuntimeHolder() {}

  public static RayRuntime current() {
    RayRuntime runtime = current;
    if (runtime == null) {
      throw new RayException(
          "jray is not initialized: call Ray.init() before calling a remote stub, put or get.");
    }
    return runtime;
  }

  public static RayRuntime currentOrNull() {
    return current;
  }

  public static void set(RayRuntime runtime) {
    current = runtime;
  }
}
