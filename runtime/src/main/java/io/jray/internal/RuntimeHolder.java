package io.jray.internal;

import io.jray.RayException;

/** The runtime of this process, if {@code Ray.init} (or a worker's start) set one. */
public final class RuntimeHolder {
  private static volatile RayRuntime current;
  /**
   * In a JVM that hosts several actors, each actor's threads (and the threads they start) use
   * that actor's runtime, which talks to the driver on the actor's own channel.
   */
  private static final ThreadOverride<RayRuntime> THREAD = new ThreadOverride<>();
  /**
   * Which session of this process refs are made in: it moves on each time a runtime is cleared
   * ({@code Ray.shutdown}), so a ref kept from an earlier session can be told from a new one by
   * one int compare, where asking the store would find nothing and wait forever.
   */
  private static volatile int generation;

  private RuntimeHolder() {}

  public static RayRuntime current() {
    RayRuntime runtime = currentOrNull();
    if (runtime == null) {
      throw new RayException(
          "jray is not initialized: call Ray.init() before calling a remote stub, put or get.");
    }
    return runtime;
  }

  public static RayRuntime currentOrNull() {
    return THREAD.orElse(current);
  }

  /**
   * Gives this thread, and the threads it starts from now on, a runtime of their own in place of
   * the process's: an actor's in a shared host. Null takes it away again.
   */
  public static void setForThread(RayRuntime runtime) {
    THREAD.set(runtime);
  }

  public static synchronized void set(RayRuntime runtime) {
    if (runtime == null && current != null) {
      generation++;
    }
    current = runtime;
  }

  /** The session that refs made now belong to, and that a runtime made now serves. */
  static int generation() {
    return generation;
  }
}
