package io.jray;

/**
 * A task or actor method threw. {@link #getCause()} is the original exception, of its own class and
 * message, carrying the stack trace from the worker process where it was thrown.
 */
public class TaskFailedException extends RayException {
  private static final long serialVersionUID = 1L;

  /**
   * A task or actor method threw.
   *
   * @param message which task failed
   * @param cause what it threw, of its own class, with the remote stack trace
   */
  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
