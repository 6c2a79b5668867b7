package io.jray;

/** The worker process running a task died, and the task has no retries left. */
public class WorkerDiedException extends RayException {
  private static final long serialVersionUID = 1L;

  /**
   * A worker died while it ran a task, and the task's retries are spent.
   *
   * @param message what happened and what to do
   */
  public WorkerDiedException(String message) {
    super(message);
  }
}
