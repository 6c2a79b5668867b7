package io.jray.internal.stub;

import io.jray.ActorOptions;
import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.RayException;
import io.jray.TaskOptions;
import io.jray.internal.RuntimeHolder;

/**
 * The calls that generated stubs make. Each argument is the value itself or an {@link ObjectRef}
 * to it; the runtime resolves refs before the task runs.
 *
 * <p>For generated code only; not part of the API.
 */
public final class Stubs {
  private Stubs() {}

  /** Submits a task and returns the ref to its result at once. */
  public static <R> ObjectRef<R> submit(TaskFunction<R> function, Object... args) {
    return RuntimeHolder.current().submitTask(function, args);
  }

  /**
   * Submits a streaming generator and returns its refs' generator at once.
   *
   * @param <R> the type of the values
   * @param function the generator, declared with {@link TaskFunction#ofGenerator}
   * @param args the arguments, values or refs
   * @return the refs of the values, as they are produced
   */
  public static <R> ObjectRefGenerator<R> submitGenerator(
      TaskFunction<R> function, Object... args) {
    return RuntimeHolder.current().submitGenerator(function, args);
  }

  /**
   * Calls an actor method that is a streaming generator, in the caller's order of calls.
   *
   * @param <R> the type of the values
   * @param actor the actor
   * @param method the method, declared with {@link ActorMethod#ofGenerator}
   * @param args the arguments, values or refs
   * @return the refs of the values, as they are produced
   */
  public static <R> ObjectRefGenerator<R> callActorGenerator(
      ActorRef actor, ActorMethod<?, R> method, Object... args) {
    if (TaskOptions.current() != null) {
      throw new RayException("TaskOptions apply to tasks, not to actor calls: "
          + method.displayName() + " was called inside TaskOptions.run(...). Set an actor's"
          + " resources and restarts with " + method.actorClass().simpleName()
          + "Remote.options() when you create it.");
    }
    return RuntimeHolder.current().callActorGenerator(actor, method, args);
  }

  /** Starts an actor in a process of its own; returns at once, calls queue until it is up. */
  public static ActorRef createActor(
      ActorConstructor<?> constructor, ActorOptions options, Object... args) {
    if (TaskOptions.current() != null) {
      throw new RayException("TaskOptions apply to tasks, not to creating an actor: "
          + constructor.actorClass().simpleName() + "Remote.create(...) ran inside"
          + " TaskOptions.run(...). Set an actor's options with "
          + constructor.actorClass().simpleName() + "Remote.options()...create(...).");
    }
    return RuntimeHolder.current().createActor(constructor, options, args);
  }

  /** Calls an actor method; calls from one caller run in the order they were made. */
  public static <R> ObjectRef<R> callActor(
      ActorRef actor, ActorMethod<?, R> method, Object... args) {
    if (TaskOptions.current() != null) {
      throw new RayException("TaskOptions apply to tasks, not to actor calls: "
          + method.displayName() + " was called inside TaskOptions.run(...). An actor's calls"
          + " run on what the actor holds: set its resources and restarts with "
          + method.actorClass().simpleName() + "Remote.options() when you create it.");
    }
    return RuntimeHolder.current().callActor(actor, method, args);
  }

  /** The named actor of this class, or an error that says no such actor is alive. */
  public static ActorRef getActor(ActorClass<?> actorClass, String name) {
    return RuntimeHolder.current().getActor(actorClass, name);
  }
}
