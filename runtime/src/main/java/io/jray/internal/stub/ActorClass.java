package io.jray.internal.stub;

import io.jray.internal.resources.ResourceSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
  private final Map<String, Integer> groups;
  private final boolean isolated;

  private ActorClass(String id, String displayName, int maxRestarts, ResourceSet resources,
      Map<String, Integer> groups, boolean isolated) {
    this.id = id;
    this.displayName = displayName;
    this.maxRestarts = maxRestarts;
    this.resources = resources;
    this.groups = groups;
    this.isolated = isolated;
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
    return of(handleClass, displayName, maxRestarts, resources, "");
  }

  /**
   * As {@link #of(Class, String, int, String)}, for a class that declares concurrency groups.
   *
   * @param <A> the user's actor class
   * @param handleClass the generated handle class; its binary name is the id
   * @param displayName the user's class, e.g. {@code com.example.Server}
   * @param maxRestarts the class's {@code @Remote(maxRestarts)}
   * @param resources what the actor holds while it lives, as {@code "CPU=1,special=1"}
   * @param groups its {@code @ConcurrencyGroup}s and their sizes, as {@code "health=1,io=4"}
   * @return the class, as the runtime knows it
   */
  public static <A> ActorClass<A> of(Class<?> handleClass, String displayName, int maxRestarts,
      String resources, String groups) {
    return of(handleClass, displayName, maxRestarts, resources, groups, false);
  }

  /**
   * As {@link #of(Class, String, int, String, String)}, for a class whose {@code @Remote} sets
   * {@code isolated}. Code generated before this overload existed calls the shorter ones, which
   * mean {@code isolated = false}.
   *
   * @param <A> the user's actor class
   * @param handleClass the generated handle class; its binary name is the id
   * @param displayName the user's class, e.g. {@code com.example.Sandbox}
   * @param maxRestarts the class's {@code @Remote(maxRestarts)}
   * @param resources what the actor holds while it lives, as {@code "CPU=1,special=1"}; "" for
   *     nothing
   * @param groups its {@code @ConcurrencyGroup}s and their sizes, as {@code "health=1,io=4"}; ""
   *     for none
   * @param isolated the class's {@code @Remote(isolated)}: whether each of its actors runs alone
   *     in a JVM of its own
   * @return the class, as the runtime knows it
   */
  public static <A> ActorClass<A> of(Class<?> handleClass, String displayName, int maxRestarts,
      String resources, String groups, boolean isolated) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (String group : groups.split(",")) {
      if (!group.isEmpty()) {
        int at = group.indexOf('=');
        sizes.put(group.substring(0, at), Integer.parseInt(group.substring(at + 1)));
      }
    }
    return new ActorClass<>(handleClass.getName(), displayName, maxRestarts,
        ResourceSet.parse(resources), Collections.unmodifiableMap(sizes), isolated);
  }

  /**
   * The class's concurrency groups besides the default one.
   *
   * @return each group's size (its threads), by name, in the order declared
   */
  public Map<String, Integer> groups() {
    return groups;
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

  /**
   * Whether the class's {@code @Remote} keeps each of its actors alone in a JVM of its own; an
   * actor's {@code ActorOptions.isolatedOr(boolean)} may say otherwise.
   *
   * @return the class's {@code @Remote(isolated)}; false for code generated before it existed
   */
  public boolean isolated() {
    return isolated;
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
