package io.jray.internal.serialization;

import io.jray.RayException;

/**
 * A value could not be turned into bytes, or bytes could not be turned back into a value. The
 * message names the class (and the field path when known) and says what to do.
 */
public class SerializationException extends RayException {
  private static final long serialVersionUID = 1L;

  public SerializationException(String message) {
    super(message);
  }

  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
