package io.jray;

/** The task was cancelled with {@link Ray#cancel} before it finished. */
public class TaskCancelledException extends RayException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String message) {
    super(message);
  }
}
