package io.jray.state;

/** Where a task is in its life, as Ray's task states reduced to the four a user acts on. */
public enum TaskState {
  /** Submitted; waiting for its arguments or for a free worker (also between retries). */
  PENDING,
  /** Running on a worker. */
  RUNNING,
  /** Its result is in the store. */
  FINISHED,
  /** It threw, or its worker died more often than its retries allow; its error is stored. */
  FAILED;

  /**
   * Whether the task has ended, finished or failed.
   *
   * @return whether it is done
   */
  public boolean isDone() {
    return this == FINISHED || this == FAILED;
  }
}
