package io.jray.internal.stub;

/**
 * One public constructor of an actor class: what {@code <Name>Remote.create(...)} runs in the
 * actor's process. Creating one registers it.
 *
 * <p>For generated code only; not part of the API.
 */
public final class ActorConstructor<A> {
  private final ActorClass<A> actorClass;
  private final String id;
  private final Invoker<A> invoker;

  private ActorConstructor(ActorClass<A> actorClass, String id, Invoker<A> invoker) {
    this.actorClass = actorClass;
    this.id = id;
    this.invoker = invoker;
  }

  /**
   * @param signature {@code <init>} and the erased parameter types, e.g. {@code <init>(int)}
   * @param invoker calls the constructor: {@code args -> new GoalsScored((int) args[0])}
   */
  public static <A> ActorConstructor<A> of(
      ActorClass<A> actorClass, String signature, Invoker<A> invoker) {
    ActorConstructor<A> constructor =
        new ActorConstructor<>(actorClass, actorClass.id() + "#" + signature, invoker);
    FunctionRegistry.register(constructor.id, constructor);
    return constructor;
  }

  public ActorClass<A> actorClass() {
    return actorClass;
  }

  public String id() {
    return id;
  }

  public Invoker<A> invoker() {
    return invoker;
  }
}
