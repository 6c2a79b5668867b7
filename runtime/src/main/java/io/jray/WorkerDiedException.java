package io.jray;

/** The worker process running a task died, and the task has no retries left. */
public class WorkerDiedException extends RayException {
  private static final long serialVersionUID = 1L;

  public WorkerDiedException(String message) {
    super(message);
  }
}
