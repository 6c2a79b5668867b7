package io.jray.internal.stub;

import io.jray.internal.resources.ResourceSet;
import java.util.Objects;

/**
 * One {@code @Remote} static method, as generated code declares it: a stable id, a name for
 * people, the retry budget and the invoker. Creating one registers it, so that a worker that loads
 * the generated class can find the invoker by id.
 *
 * <p>For generated code only; not part of the API.
 *
 * @param <R> the method's result type, boxed ({@code Void} for {@code void})
 */
public final class TaskFunction<R> {
  private final String id;
  private final String displayName;
  private final int maxRetries;
  private final ResourceSet resources;
  private final Invoker<R> invoker;

  private TaskFunction(String id, String displayName, int maxRetries, ResourceSet resources,
      Invoker<R> invoker) {
    this.id = id;
    this.displayName = displayName;
    this.maxRetries = maxRetries;
    this.resources = resources;
    this.invoker = invoker;
  }

  /**
   * Declares and registers a task function.
   *
   * @param stubClass the generated class that declares it; its binary name starts the id, so a
   *     worker knows which class to load to find it
   * @param signature the method's name and erased parameter types, e.g. {@code sumSquares(int,int)}
   * @param displayName the user's method, e.g. {@code com.example.Squares.sumSquares}
   */
  public static <R> TaskFunction<R> of(
      Class<?> stubClass, String signature, String displayName, int maxRetries,
      Invoker<R> invoker) {
    return of(stubClass, signature, displayName, maxRetries, "", invoker);
  }

  /**
   * As {@link #of(Class, String, String, int, Invoker)}, for a method whose {@code @Remote} sets
   * resources.
   *
   * @param resources what each call holds while it runs, as {@code "CPU=2,special=1"}; a CPU
   *     amount not given is 1
   */
  public static <R> TaskFunction<R> of(
      Class<?> stubClass, String signature, String displayName, int maxRetries,
      String resources, Invoker<R> invoker) {
    TaskFunction<R> function = new TaskFunction<>(
        FunctionRegistry.idOf(stubClass, signature), displayName, maxRetries,
        ResourceSet.ONE_CPU.with(ResourceSet.parse(resources).toMap()),
        Objects.requireNonNull(invoker, "invoker"));
    FunctionRegistry.register(function.id(), function);
    return function;
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  public int maxRetries() {
    return maxRetries;
  }

  /** What each call holds while it runs unless its options say otherwise. */
  public ResourceSet resources() {
    return resources;
  }

  public Invoker<R> invoker() {
    return invoker;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
