package io.jray;

/** The task was cancelled with {@link Ray#cancel} before it finished. */
public class TaskCancelledException extends RayException {
  private static final long serialVersionUID = 1L;

  /**
   * A task was cancelled with {@code Ray.cancel}.
   *
   * @param message what happened and what to do
   */
  public TaskCancelledException(String message) {
    super(message);
  }
}
