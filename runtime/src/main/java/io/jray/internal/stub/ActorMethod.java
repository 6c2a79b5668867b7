package io.jray.internal.stub;

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
  private final MethodInvoker<A, R> invoker;

  private ActorMethod(ActorClass<A> actorClass, String id, String displayName,
      MethodInvoker<A, R> invoker) {
    this.actorClass = actorClass;
    this.id = id;
    this.displayName = displayName;
    this.invoker = invoker;
  }

  /**
   * @param signature the name and erased parameter types, e.g. {@code score()}
   * @param invoker calls the method: {@code (actor, args) -> actor.score()}
   */
  public static <A, R> ActorMethod<A, R> of(
      ActorClass<A> actorClass, String signature, MethodInvoker<A, R> invoker) {
    String name = signature.substring(0, signature.indexOf('('));
    ActorMethod<A, R> method = new ActorMethod<>(actorClass, actorClass.id() + "#" + signature,
        actorClass.displayName() + "." + name, invoker);
    FunctionRegistry.register(method.id, method);
    return method;
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

  public MethodInvoker<A, R> invoker() {
    return invoker;
  }

  /** Calls a method on an actor instance with its arguments resolved to values. */
  @FunctionalInterface
  public interface MethodInvoker<A, R> {
    R invoke(A actor, Object[] args) throws Throwable;
  }
}
