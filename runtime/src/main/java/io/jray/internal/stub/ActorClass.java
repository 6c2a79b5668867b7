package io.jray.internal.stub;

import io.jray.internal.resources.ResourceSet;

/**
 * A class-level {@code @Remote} actor class, as generated code declares it. Its constructors and
 * methods register under its id, so a worker that loads the generated class can find them.
 *
 * <p>For generated code only; not part of the API.
 *
 * @param <A> the user's actor class
 */
public final class ActorClass<A> {
  private final String id;
  private final String displayName;
  private final int maxRestarts;
  private final ResourceSet resources;

  private ActorClass(String id, String displayName, int maxRestarts, ResourceSet resources) {
    this.id = id;
    this.displayName = displayName;
    this.maxRestarts = maxRestarts;
    this.resources = resources;
  }

  /**
   * @param handleClass the generated handle class; its binary name is the id
   * @param displayName the user's class, e.g. {@code com.example.GoalsScored}
   * @param maxRestarts the class's {@code @Remote(maxRestarts)}
   */
  public static <A> ActorClass<A> of(Class<?> handleClass, String displayName, int maxRestarts) {
    return of(handleClass, displayName, maxRestarts, "");
  }

  /**
   * As {@link #of(Class, String, int)}, for a class whose {@code @Remote} sets resources.
   *
   * @param resources what the actor holds while it lives, as {@code "CPU=1,special=1"}
   */
  public static <A> ActorClass<A> of(Class<?> handleClass, String displayName, int maxRestarts,
      String resources) {
    return new ActorClass<>(handleClass.getName(), displayName, maxRestarts,
        ResourceSet.parse(resources));
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The simple name, as a handle prints: {@code Actor(GoalsScored, ...)}. */
  public String simpleName() {
    return displayName.substring(displayName.lastIndexOf('.') + 1);
  }

  public int maxRestarts() {
    return maxRestarts;
  }

  /** What the actor holds while it lives unless its options say otherwise. */
  public ResourceSet resources() {
    return resources;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
