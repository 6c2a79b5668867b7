package io.jray.internal;

import io.jray.internal.protocol.TaskSpec;

/**
 * What this process runs now, for the runtime context: the task or actor call on each thread,
 * and the actor the process hosts. Set by the worker as it runs work; nothing in the driver.
 */
public final class CurrentWork {
  private static final ThreadLocal<TaskSpec> TASK = new ThreadLocal<>();
  /** The actor this process hosts, when it hosts one alone; null otherwise. */
  private static volatile Hosting hosted;
  /**
   * In a JVM that hosts several actors: the actor of each thread, inherited by the threads it
   * starts. The process then hosts no actor of its own.
   */
  private static final ThreadOverride<Hosting> THREAD_ACTOR = new ThreadOverride<>();
  private static volatile boolean sharedProcess;

  private record Hosting(TaskSpec creation, int restarts) {}

  private CurrentWork() {}

  /** The thread starts running {@code spec}, or (null) has finished it. */
  public static void running(TaskSpec spec) {
    if (spec == null) {
      TASK.remove();
    } else {
      TASK.set(spec);
    }
  }

  public static TaskSpec task() {
    return TASK.get();
  }

  /** This process hosts the actor that {@code creation} makes, after so many restarts. */
  public static void hosting(TaskSpec creation, int restarts) {
    if (sharedProcess) {
      THREAD_ACTOR.set(new Hosting(creation, restarts));
    } else {
      hosted = new Hosting(creation, restarts);
    }
  }

  /**
   * This process hosts several actors: from now on {@link #hosting} is each thread's own, and
   * handed down to the threads it starts.
   */
  public static void shareProcess() {
    sharedProcess = true;
  }

  /** The creation of the actor this thread's code belongs to, or null. */
  public static TaskSpec actor() {
    Hosting hosting = THREAD_ACTOR.orElse(hosted);
    return hosting == null ? null : hosting.creation();
  }

  public static int actorRestarts() {
    Hosting hosting = THREAD_ACTOR.orElse(hosted);
    return hosting == null ? 0 : hosting.restarts();
  }
}
