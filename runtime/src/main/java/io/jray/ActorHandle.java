package io.jray;

/**
 * A handle to a remote actor: implemented by every generated {@code <Name>Remote} actor class.
 * Handles are small and serializable: pass them to tasks and to other actors, and call the same
 * actor from there. A handle prints as {@code Actor(<ClassName>, <hex id>)}.
 */
public interface ActorHandle {

  /**
   * The actor's id, as hex.
   *
   * @return the actor's id, in hex
   */
  String actorId();
}
