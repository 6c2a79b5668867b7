package io.jray;

/**
 * How long an actor lives, as Ray's {@code lifetime} option.
 */
public enum ActorLifetime {
  /**
   * The default: the actor ends with its owner (the driver, or the task or actor that created
   * it), or once no handle to it is left anywhere if it has no name.
   */
  NON_DETACHED,
  /**
   * The actor lives on its own: not with its owner, nor by its handles; it ends when killed,
   * when it calls {@link Ray#exitActor()}, or when the session ends. On one machine the session
   * is the driver's.
   */
  DETACHED
}
