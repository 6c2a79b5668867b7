package io.jray;

/**
 * A call on an actor that is dead: killed with {@link Ray#kill}, its process died with no
 * restarts left, or its constructor threw (then {@link #getCause()} is what it threw).
 */
public class ActorDiedException extends RayException {
  private static final long serialVersionUID = 1L;

  public ActorDiedException(String message) {
    super(message);
  }

  public ActorDiedException(String message, Throwable cause) {
    super(message, cause);
  }
}
