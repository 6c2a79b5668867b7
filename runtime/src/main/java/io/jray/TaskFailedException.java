package io.jray;

/**
 * A task or actor method threw. {@link #getCause()} is the original exception, of its own class and
 * message, carrying the stack trace from the worker process where it was thrown.
 */
public class TaskFailedException extends RayException {
  private static final long serialVersionUID = 1L;

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
