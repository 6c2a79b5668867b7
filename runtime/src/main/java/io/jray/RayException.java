package io.jray;

/** Base of every exception that jray throws. Unchecked, as in Ray. */
public class RayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error of jray's.
   *
   * @param message what happened and what to do
   */
  public RayException(String message) {
    super(message);
  }

  /**
   * An error of jray's, for the reason {@code cause} gives.
   *
   * @param message what happened and what to do
   * @param cause the exception behind it
   */
  public RayException(String message, Throwable cause) {
    super(message, cause);
  }
}
