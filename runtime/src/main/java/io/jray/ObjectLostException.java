package io.jray;

/**
 * The only copy of an object is gone, so nobody can ever read it: the process that made its ref
 * died before the object reached the store, or its spilled file was removed. Make the object
 * again (run its task again, or put it again).
 */
public class ObjectLostException extends RayException {
  private static final long serialVersionUID = 1L;

  public ObjectLostException(String message) {
    super(message);
  }

  public ObjectLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
