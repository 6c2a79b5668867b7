package io.jray.internal.stub;

import io.jray.internal.resources.ResourceSet;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

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
  private final Invoker<?> invoker;
  private final boolean async;
  private final boolean generator;

  private TaskFunction(String id, String displayName, int maxRetries, ResourceSet resources,
      boolean async, boolean generator, Invoker<?> invoker) {
    this.async = async;
    this.generator = generator;
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
    return register(stubClass, signature, displayName, maxRetries, resources, false, false,
        invoker);
  }

  /**
   * Declares and registers a task whose method returns a {@code CompletableFuture} or {@code
   * CompletionStage}: its ref settles with the future's value once the future completes.
   *
   * @param <R> the future's value, boxed
   * @param stubClass the generated class that declares it
   * @param signature the method's name and erased parameter types
   * @param displayName the user's method, e.g. {@code com.example.Jobs.fetch}
   * @param maxRetries the method's {@code @Remote(maxRetries)}
   * @param resources what each call holds while it runs, as {@code "CPU=2,special=1"}
   * @param invoker calls the method and returns its future
   * @return the function, registered
   */
  public static <R> TaskFunction<R> ofAsync(
      Class<?> stubClass, String signature, String displayName, int maxRetries,
      String resources, Invoker<? extends CompletionStage<? extends R>> invoker) {
    return register(stubClass, signature, displayName, maxRetries, resources, true, false,
        invoker);
  }

  /**
   * Declares and registers a streaming generator: a task whose method returns an {@code
   * Iterator} or a {@code Stream}, each value of which is stored as it is produced (see {@code
   * io.jray.ObjectRefGenerator}).
   *
   * @param <R> the type of the values, boxed
   * @param stubClass the generated class that declares it
   * @param signature the method's name and erased parameter types
   * @param displayName the user's method, e.g. {@code com.example.Jobs.countTo}
   * @param maxRetries the method's {@code @Remote(maxRetries)}
   * @param resources what each call holds while it runs, as {@code "CPU=2,special=1"}
   * @param invoker calls the method and returns its {@code Iterator} or {@code Stream}
   * @return the function, registered
   */
  public static <R> TaskFunction<R> ofGenerator(
      Class<?> stubClass, String signature, String displayName, int maxRetries,
      String resources, Invoker<?> invoker) {
    return register(stubClass, signature, displayName, maxRetries, resources, false, true,
        invoker);
  }

  private static <R> TaskFunction<R> register(Class<?> stubClass, String signature,
      String displayName, int maxRetries, String resources, boolean async, boolean generator,
      Invoker<?> invoker) {
    TaskFunction<R> function = new TaskFunction<>(
        FunctionRegistry.idOf(stubClass, signature), displayName, maxRetries,
        ResourceSet.ONE_CPU.with(ResourceSet.parse(resources).toMap()), async, generator,
        Objects.requireNonNull(invoker, "invoker"));
    FunctionRegistry.register(function.id(), function);
    return function;
  }

  /**
   * Whether the method returns a future whose value is the task's result.
   *
   * @return true for a method that returns a {@code CompletionStage}
   */
  public boolean async() {
    return async;
  }

  /**
   * Whether the method is a streaming generator, whose values are stored one by one.
   *
   * @return true for a method that returns an {@code Iterator} or a {@code Stream}
   */
  public boolean generator() {
    return generator;
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

  /**
   * Calls the method; for an {@link #async} one the result is its future.
   *
   * @return what calls the user's method
   */
  public Invoker<?> invoker() {
    return invoker;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
