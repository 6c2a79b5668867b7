package io.jray;

/** Base of every exception that jray throws. Unchecked, as in Ray. */
public class RayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RayException(String message) {
    super(message);
  }

  public RayException(String message, Throwable cause) {
    super(message, cause);
  }
}
