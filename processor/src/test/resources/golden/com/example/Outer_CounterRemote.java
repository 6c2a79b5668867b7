package com.example;

import io.jray.ActorLifetime;
import io.jray.ActorOptions;
import io.jray.ObjectRef;
import io.jray.RayException;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.ActorRef;
import io.jray.internal.stub.ActorStub;
import io.jray.internal.stub.Stubs;
import javax.annotation.processing.Generated;

/**
 * A handle to a remote {@link Outer.Counter} actor: {@code create} starts one in a process
 * of its own, and each method calls the actor's method of the same name and returns
 * an {@link ObjectRef} to its result at once. By default the actor runs its calls
 * one at a time, on one thread, in the order they were made; with
 * {@code options().maxConcurrency(n)}, or in its concurrency groups, several at once.
 *
 * <p>Handles are small and serializable: pass them to tasks and to other actors.
 */
@Generated("io.jray.processor.RemoteProcessor")
public final class Outer_CounterRemote implements ActorStub {
  private static final ActorClass<Outer.Counter> ACTOR = ActorClass.of(
      Outer_CounterRemote.class, "com.example.Outer.Counter", 0);

  private static final ActorConstructor<Outer.Counter> NEW = ActorConstructor.of(
      ACTOR, "<init>()",
      args -> new Outer.Counter());

  private static final ActorMethod<Outer.Counter, Integer> INCREMENT = ActorMethod.of(
      ACTOR, "increment()",
      (actor, args) -> actor.increment());

  private final ActorRef ref;

  private Outer_CounterRemote(ActorRef ref) {
    this.ref = ref;
  }

  /**
   * Starts a new {@link Outer.Counter} actor in a process of its own, with
   * {@link Outer.Counter#Counter()}; returns its handle at once.
   */
  public static Outer_CounterRemote create() {
    return new Outer_CounterRemote(Stubs.createActor(NEW, ActorOptions.defaults()));
  }

  /**
   * Options for the next actor to create, as Ray's {@code .options()}:
   * {@code Outer_CounterRemote.options().name("name").create(...)}.
   */
  public static Options options() {
    return new Options();
  }

  /**
   * The live actor that was created with this name, from anywhere in the
   * session; throws {@link RayException} if there is none.
   */
  public static Outer_CounterRemote getActor(String name) {
    return new Outer_CounterRemote(Stubs.getActor(ACTOR, name));
  }

  /**
   * Calls {@link Outer.Counter#increment()} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<Integer> increment() {
    return Stubs.callActor(ref, INCREMENT);
  }

  @Override
  public ActorRef actorRef() {
    return ref;
  }

  /**
   * Whether {@code other} is a handle to the same actor.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Outer_CounterRemote && ((Outer_CounterRemote) other).ref.equals(ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  /**
   * As Ray prints a handle: {@code Actor(Counter, <hex id>)}.
   */
  @Override
  public String toString() {
    return ref.toString();
  }

  /**
   * Options for creating a {@link Outer.Counter} actor.
   */
  public static final class Options {
    private final ActorOptions.Builder options = ActorOptions.builder();

    private Options() {
    }

    /**
     * Names the actor, so that {@link Outer_CounterRemote#getActor} finds it from anywhere in
     * the session; one live actor per name.
     */
    public Options name(String name) {
      options.name(name);
      return this;
    }

    /**
     * Restarts the actor up to this many times when its process dies; -1 for
     * no limit. Replaces the class's {@code @Remote(maxRestarts)}.
     */
    public Options maxRestarts(int maxRestarts) {
      options.maxRestarts(maxRestarts);
      return this;
    }

    /**
     * CPUs the actor holds while it lives (default 0, as in Ray). Replaces the class's
     * {@code @Remote(numCpus)}.
     */
    public Options numCpus(double numCpus) {
      options.numCpus(numCpus);
      return this;
    }

    /**
     * GPUs the actor holds while it lives; its process gets their ids in
     * {@code CUDA_VISIBLE_DEVICES}.
     */
    public Options numGpus(double numGpus) {
      options.numGpus(numGpus);
      return this;
    }

    /**
     * Bytes of memory the actor holds while it lives.
     */
    public Options memoryBytes(long memoryBytes) {
      options.memoryBytes(memoryBytes);
      return this;
    }

    /**
     * A custom resource the actor holds while it lives, as Ray's
     * {@code resources={"special": 1}}.
     */
    public Options resource(String name, double amount) {
      options.resource(name, amount);
      return this;
    }

    /**
     * When the actor restarts, sends the calls its dead process was running
     * again, each up to this many times (-1: no limit); by default they fail.
     */
    public Options maxTaskRetries(int maxTaskRetries) {
      options.maxTaskRetries(maxTaskRetries);
      return this;
    }

    /**
     * Places the actor on the node with this id only, as Ray's node affinity.
     */
    public Options nodeAffinity(String nodeId) {
      options.nodeAffinity(nodeId);
      return this;
    }

    /**
     * Runs up to this many calls of the default group at once, each on a thread of its
     * own (Ray's {@code max_concurrency}); 1, the default, runs them one at a time, in
     * order, on one thread.
     */
    public Options maxConcurrency(int maxConcurrency) {
      options.maxConcurrency(maxConcurrency);
      return this;
    }

    /**
     * Whether the actor runs alone in a JVM of its own ({@code true}) or may share a host
     * JVM with other actors ({@code false}). Replaces the class's
     * {@code @Remote(isolated)}; an actor that holds GPUs gets a JVM of its own anyway.
     */
    public Options isolated(boolean isolated) {
      options.isolated(isolated);
      return this;
    }

    /**
     * With a name: if a live actor has that name, {@code create} returns a handle to it
     * (its class must be this one) rather than failing.
     */
    public Options getIfExists(boolean getIfExists) {
      options.getIfExists(getIfExists);
      return this;
    }

    /**
     * Whether the actor lives on its own ({@code DETACHED}) or ends with the
     * task or actor that created it ({@code NON_DETACHED}, the default).
     */
    public Options lifetime(ActorLifetime lifetime) {
      options.lifetime(lifetime);
      return this;
    }

    /**
     * Starts a new {@link Outer.Counter} actor in a process of its own, with
     * {@link Outer.Counter#Counter()} and these options; returns its handle at once.
     */
    public Outer_CounterRemote create() {
      return new Outer_CounterRemote(Stubs.createActor(NEW, options.build()));
    }
  }
}
