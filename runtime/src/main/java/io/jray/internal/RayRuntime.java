package io.jray.internal;

import io.jray.ActorOptions;
import io.jray.NodeInfo;
import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.RayException;
import io.jray.RuntimeContext;
import io.jray.WaitResult;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.ActorRef;
import io.jray.internal.stub.TaskFunction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link io.jray.Ray} does, in one process: the driver's runtime owns the workers and the
 * scheduler; a worker's runtime forwards to the driver over its control channel.
 */
public interface RayRuntime {

  <T> ObjectRef<T> put(T value);

  /** Waits for the value; {@code timeout} null means no limit. */
  <T> T get(ObjectRef<T> ref, Duration timeout);

  <T> List<T> getAll(List<? extends ObjectRef<? extends T>> refs, Duration timeout);

  <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout);

  <T> CompletableFuture<T> toFuture(ObjectRef<T> ref);

  <R> ObjectRef<R> submitTask(TaskFunction<R> function, Object[] args);

  /**
   * Submits a streaming generator (see {@link ObjectRefGenerator}). Its refs are read in the
   * driver for now: other runtimes refuse.
   */
  default <R> ObjectRefGenerator<R> submitGenerator(TaskFunction<R> function, Object[] args) {
    throw generatorsInDriverOnly(function.displayName());
  }

  /** As {@link #submitGenerator}, for an actor method that is a streaming generator. */
  default <R> ObjectRefGenerator<R> callActorGenerator(ActorRef actor, ActorMethod<?, R> method,
      Object[] args) {
    throw generatorsInDriverOnly(method.displayName());
  }

  private static RayException generatorsInDriverOnly(String name) {
    return new RayException(name + " is a streaming generator, and a generator's refs are read"
        + " in the driver's process for now, not inside a task or actor. Call it from the"
        + " driver's code, or have the task return a List of the values.");
  }

  ActorRef createActor(ActorConstructor<?> constructor, ActorOptions options, Object[] args);

  <R> ObjectRef<R> callActor(ActorRef actor, ActorMethod<?, R> method, Object[] args);

  ActorRef getActor(ActorClass<?> actorClass, String name);

  void killActor(ActorRef actor);

  /**
   * Ends the actor this process hosts, from inside one of its calls; never returns there.
   *
   * @throws io.jray.RayException outside an actor
   */
  void exitActor();

  /**
   * Cancels the task (or queued actor call) that produces this object, if it has not finished:
   * a running task by ending its process ({@code force}) or by interrupting it; with
   * {@code recursive}, the unfinished tasks it submitted too.
   */
  void cancel(long objectId, boolean force, boolean recursive);

  /** Who and where the calling code is: {@code Ray.getRuntimeContext()}. */
  RuntimeContext runtimeContext();

  /** The node this process runs on. */
  String currentNodeId();

  /**
   * Every node of the session, the one source of the runtime context's node info: one node on
   * one machine; a cluster's runtime answers from its table of nodes.
   */
  List<NodeInfo> nodes();

  /** Stops what this process started. Idempotent. */
  void shutdown();
}
