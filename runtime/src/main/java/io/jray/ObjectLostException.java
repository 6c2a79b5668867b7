package io.jray;

/**
 * The only copy of an object is gone, so nobody can ever read it: the process that made its ref
 * died before the object reached the store, or its spilled file was removed. Make the object
 * again (run its task again, or put it again).
 */
public class ObjectLostException extends RayException {
  private static final long serialVersionUID = 1L;

  /**
   * An object is gone and cannot be made again.
   *
   * @param message what happened and what to do
   */
  public ObjectLostException(String message) {
    super(message);
  }

  /**
   * An object is gone, for the reason {@code cause} gives.
   *
   * @param message what happened and what to do
   * @param cause the exception behind it
   */
  public ObjectLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
