package io.jray;

/** {@code Ray.get(ref, timeout)} gave up before the value was ready. */
public class GetTimeoutException extends RayException {
  private static final long serialVersionUID = 1L;

  /**
   * A get or wait ran out of time.
   *
   * @param message what happened and what to do
   */
  public GetTimeoutException(String message) {
    super(message);
  }
}
