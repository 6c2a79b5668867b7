package io.jray.internal.worker;

/**
 * Whether this JVM has begun to exit: {@code System.exit} in user code (or a signal) has started
 * its shutdown hooks. jray itself ends a worker with {@code halt}, which runs none.
 *
 * <p>Once the exit has begun, what a call does can no longer be trusted to fail for a reason of
 * its own: the hooks all run at once, in no order, and Chronicle Map's hook closes the store's
 * index under the calls that still run ("VanillaChronicleMap closed"), as a user's hook may close
 * what the user's code uses. So a worker starts no call once it has {@link #seen} the exit, and
 * reports no failure once the exit has {@link #begun}: the driver counts those calls lost with
 * the process, as for any process that dies, and runs them again (a task's retries, an actor's
 * next life within its task retries) or fails them with the process's death.
 */
class JvmExit {
  /** This JVM's. */
  static final JvmExit JVM = new JvmExit();

  private volatile boolean begun;

  /**
   * A view of its own, for tests: it says the JVM exits once told so ({@link #note}). Not final,
   * so that a test may count the looks at it.
   */
  JvmExit() {}

  /** Notes the exit in a shutdown hook, so that {@link #seen} says so soon after it begins. */
  void watch() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::note, "jray-exit-seen"));
  }

  /** The exit has begun: a shutdown hook says so (or a test). */
  void note() {
    begun = true;
  }

  /**
   * A volatile read, for the start of every call: true once the exit has been noted, which may
   * be a moment after it began (the hook that notes it runs beside the others).
   */
  boolean seen() {
    return begun;
  }

  /**
   * Exact, for the rare path of a failure (it costs a thread object): true once the JVM has
   * handed its hooks out to run, so before any of them can have closed anything. The JVM tells
   * only by refusing a new hook.
   */
  boolean begun() {
    if (begun) {
      return true;
    }
    Thread probe = new Thread(this::note, "jray-exit-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      // If the exit begins in between, the probe runs as a hook, and this throws.
      Runtime.getRuntime().removeShutdownHook(probe);
    } catch (IllegalStateException shutdownInProgress) {
      note();
    }
    return begun;
  }
}
