package io.jray.internal.driver;

import io.jray.internal.protocol.TaskSpec;
import java.util.LinkedHashSet;
import java.util.Set;

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
  /** How it was cancelled: by ending its worker, and with the tasks it submitted. */
  boolean cancelForced;
  boolean cancelledRecursively;
  /** The worker it was sent to, until it finishes or comes back; null while waiting or queued. */
  Worker worker;
  /** Asked back from its worker (RECALL), which has not answered yet. */
  boolean recalled;
  /** How deeply nested: 0 for the driver's tasks, parent's depth + 1 for a task's children. */
  int depth;
  /**
   * The unfinished task that submitted it, for a recursive cancel (null for the driver's own);
   * when a parent finishes first, its unfinished children become its own parent's.
   */
  PendingTask parent;
  /** The unfinished tasks it submitted (and those of its finished children); null if none. */
  Set<PendingTask> children;

  PendingTask(TaskSpec spec) {
    this.spec = spec;
  }

  /** {@code child} was submitted by this task, while it ran. */
  void adopt(PendingTask child) {
    if (children == null) {
      children = new LinkedHashSet<>();
    }
    children.add(child);
    child.parent = this;
  }

  /**
   * It finished: its parent forgets it, and its unfinished children are its parent's from now
   * on, so that a recursive cancel of the parent still reaches them.
   */
  void finished() {
    if (parent != null) {
      parent.children.remove(this);
    }
    if (children != null) {
      for (PendingTask child : children) {
        child.parent = null;
        if (parent != null) {
          parent.adopt(child);
        }
      }
      children = null;
    }
    parent = null;
  }

  @Override
  public String toString() {
    return spec.displayName();
  }
}
