package io.jray.internal.net;

import io.jray.RayException;

/**
 * A call over the data plane did not succeed: no answer in time, an error the peer sent back, a
 * peer that cannot be reached. Its subclasses say more where the caller may act on the reason.
 */
public class DataPlaneException extends RayException {
  private static final long serialVersionUID = 1L;

  public DataPlaneException(String message) {
    super(message);
  }

  public DataPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
