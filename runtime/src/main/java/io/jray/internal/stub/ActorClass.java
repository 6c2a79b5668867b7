package io.jray.internal.stub;

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

  private ActorClass(String id, String displayName, int maxRestarts) {
    this.id = id;
    this.displayName = displayName;
    this.maxRestarts = maxRestarts;
  }

  /**
   * @param handleClass the generated handle class; its binary name is the id
   * @param displayName the user's class, e.g. {@code com.example.GoalsScored}
   * @param maxRestarts the class's {@code @Remote(maxRestarts)}
   */
  public static <A> ActorClass<A> of(Class<?> handleClass, String displayName, int maxRestarts) {
    return new ActorClass<>(handleClass.getName(), displayName, maxRestarts);
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

  @Override
  public String toString() {
    return displayName;
  }
}
