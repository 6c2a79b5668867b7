package io.jray.internal.driver;

import io.jray.internal.protocol.TaskSpec;

/**
 * A task the scheduler holds: waiting for its arguments, queued (in the scheduler or in a worker),
 * or running. Mutable fields are guarded by the Scheduler.
 */
final class PendingTask {
  static final int[] NO_GPUS = new int[0];

  final TaskSpec spec;
  /** The GPU devices it holds while it runs. */
  int[] gpuIds = NO_GPUS;
  /** Runs started so far, including the one in progress. */
  int attempts;
  int missingArguments;
  boolean cancelled;
  /** The worker it was sent to, until it finishes or comes back; null while waiting or queued. */
  Worker worker;
  /** Asked back from its worker (RECALL), which has not answered yet. */
  boolean recalled;
  /** How deeply nested: 0 for the driver's tasks, parent's depth + 1 for a task's children. */
  int depth;

  PendingTask(TaskSpec spec) {
    this.spec = spec;
  }

  @Override
  public String toString() {
    return spec.displayName();
  }
}
