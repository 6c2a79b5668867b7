package io.jray;

/**
 * A call on an actor that is dead: killed with {@link Ray#kill}, its process died with no
 * restarts left, or its constructor threw (then {@link #getCause()} is what it threw).
 */
public class ActorDiedException extends RayException {
  private static final long serialVersionUID = 1L;

  /**
   * An actor died, or was killed, before it could answer.
   *
   * @param message what happened and what to do
   */
  public ActorDiedException(String message) {
    super(message);
  }

  /**
   * An actor died, for the reason {@code cause} gives.
   *
   * @param message what happened and what to do
   * @param cause the exception behind it
   */
  public ActorDiedException(String message, Throwable cause) {
    super(message, cause);
  }
}
