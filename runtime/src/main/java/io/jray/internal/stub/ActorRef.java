package io.jray.internal.stub;

import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectRefImpl;
import java.util.Objects;

/**
 * What a generated actor handle holds: the actor's id and class. Serializable by value, so a
 * handle passed to a task or another actor calls the same actor from there.
 *
 * <p>For generated code only; not part of the API.
 */
public final class ActorRef {
  private final long id;
  private final String className;
  /**
   * Counts this handle where it lives, as a ref to the actor's id: when no handle is left in any
   * process, the driver ends an actor without a name (as in Ray). It travels with the handle.
   */
  private final ObjectRefImpl<Void> counted;

  public ActorRef(long id, String className) {
    this.id = id;
    this.className = Objects.requireNonNull(className, "className");
    this.counted = new ObjectRefImpl<>(id);
  }

  public long id() {
    return id;
  }

  public String hex() {
    return ObjectIds.hex(id);
  }

  /** The user's class, fully qualified. */
  public String className() {
    return className;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ActorRef && ((ActorRef) other).id == id;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  /** As Ray prints a handle: {@code Actor(GoalsScored, 00000100000000a1)}. */
  @Override
  public String toString() {
    return "Actor(" + className.substring(className.lastIndexOf('.') + 1) + ", " + hex() + ")";
  }
}
