package io.jray.internal;

import io.jray.internal.protocol.TaskSpec;

/**
 * What this process runs now, for the runtime context: the task or actor call on each thread,
 * and the actor the process hosts. Set by the worker as it runs work; nothing in the driver.
 */
public final class CurrentWork {
  private static final ThreadLocal<TaskSpec> TASK = new ThreadLocal<>();
  private static volatile TaskSpec actorCreation;
  private static volatile int actorRestarts;

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
    actorCreation = creation;
    actorRestarts = restarts;
  }

  /** The creation of the actor this process hosts, or null. */
  public static TaskSpec actor() {
    return actorCreation;
  }

  public static int actorRestarts() {
    return actorRestarts;
  }
}
