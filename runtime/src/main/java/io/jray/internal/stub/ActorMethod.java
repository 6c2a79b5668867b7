package io.jray.internal.stub;

import java.util.concurrent.CompletionStage;

/**
 * One public instance method of an actor class, called on the actor's instance in its process.
 * Creating one registers it.
 *
 * <p>For generated code only; not part of the API.
 *
 * @param <A> the actor class
 * @param <R> the method's result, boxed ({@code Void} for {@code void})
 */
public final class ActorMethod<A, R> {
  private final ActorClass<A> actorClass;
  private final String id;
  private final String displayName;
  private final MethodInvoker<A, ?> invoker;
  private final String group;
  private final boolean async;
  private final boolean generator;

  private ActorMethod(ActorClass<A> actorClass, String id, String displayName, String group,
      boolean async, boolean generator, MethodInvoker<A, ?> invoker) {
    this.generator = generator;
    this.actorClass = actorClass;
    this.id = id;
    this.displayName = displayName;
    this.group = group;
    this.async = async;
    this.invoker = invoker;
  }

  /**
   * @param signature the name and erased parameter types, e.g. {@code score()}
   * @param invoker calls the method: {@code (actor, args) -> actor.score()}
   */
  public static <A, R> ActorMethod<A, R> of(
      ActorClass<A> actorClass, String signature, MethodInvoker<A, R> invoker) {
    return register(actorClass, signature, "", false, false, invoker);
  }

  /**
   * A method of a concurrency group.
   *
   * @param <A> the actor class
   * @param <R> the method's result, boxed
   * @param actorClass the class that declares it
   * @param signature the name and erased parameter types, e.g. {@code ping()}
   * @param group the name of its {@code @ConcurrencyGroup}; "" for the default group
   * @param invoker calls the method
   * @return the method, registered
   */
  public static <A, R> ActorMethod<A, R> of(ActorClass<A> actorClass, String signature,
      String group, MethodInvoker<A, R> invoker) {
    return register(actorClass, signature, group, false, false, invoker);
  }

  /**
   * A method that returns a {@code CompletableFuture} or {@code CompletionStage}: its ref settles
   * with the future's value once the future completes, and the actor runs other calls meanwhile.
   *
   * @param <A> the actor class
   * @param <R> the future's value, boxed
   * @param actorClass the class that declares it
   * @param signature the name and erased parameter types, e.g. {@code fetch(java.lang.String)}
   * @param group the name of its {@code @ConcurrencyGroup}; "" for the default group
   * @param invoker calls the method and returns its future
   * @return the method, registered
   */
  public static <A, R> ActorMethod<A, R> ofAsync(ActorClass<A> actorClass, String signature,
      String group, MethodInvoker<A, ? extends CompletionStage<? extends R>> invoker) {
    return register(actorClass, signature, group, true, false, invoker);
  }

  /**
   * A streaming generator: a method that returns an {@code Iterator} or a {@code Stream}, each
   * value of which is stored as it is produced (see {@code io.jray.ObjectRefGenerator}).
   *
   * @param <A> the actor class
   * @param <R> the type of the values, boxed
   * @param actorClass the class that declares it
   * @param signature the name and erased parameter types, e.g. {@code lines(int)}
   * @param group the name of its {@code @ConcurrencyGroup}; "" for the default group
   * @param invoker calls the method and returns its {@code Iterator} or {@code Stream}
   * @return the method, registered
   */
  public static <A, R> ActorMethod<A, R> ofGenerator(ActorClass<A> actorClass, String signature,
      String group, MethodInvoker<A, ?> invoker) {
    return register(actorClass, signature, group, false, true, invoker);
  }

  private static <A, R> ActorMethod<A, R> register(ActorClass<A> actorClass, String signature,
      String group, boolean async, boolean generator, MethodInvoker<A, ?> invoker) {
    if (!group.isEmpty() && !actorClass.groups().containsKey(group)) {
      throw new IllegalArgumentException(actorClass + " declares no concurrency group " + group);
    }
    String name = signature.substring(0, signature.indexOf('('));
    ActorMethod<A, R> method = new ActorMethod<>(actorClass, actorClass.id() + "#" + signature,
        actorClass.displayName() + "." + name, group, async, generator, invoker);
    FunctionRegistry.register(method.id, method);
    return method;
  }

  /**
   * The concurrency group the method's calls run in.
   *
   * @return the group's name; "" for the default group
   */
  public String group() {
    return group;
  }

  /**
   * Whether the method returns a future whose value is the call's result.
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

  public ActorClass<A> actorClass() {
    return actorClass;
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /**
   * Calls the method; for an {@link #async} one the result is its future.
   *
   * @return what calls the user's method
   */
  public MethodInvoker<A, ?> invoker() {
    return invoker;
  }

  /** Calls a method on an actor instance with its arguments resolved to values. */
  @FunctionalInterface
  public interface MethodInvoker<A, R> {
    R invoke(A actor, Object[] args) throws Throwable;
  }
}
