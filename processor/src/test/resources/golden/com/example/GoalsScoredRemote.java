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
import io.jray.internal.stub.TaskFunction;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * A handle to a remote {@link GoalsScored} actor: {@code create} starts one in a process
 * of its own, and each method calls the actor's method of the same name and returns
 * an {@link ObjectRef} to its result at once. By default the actor runs its calls
 * one at a time, on one thread, in the order they were made; with
 * {@code options().maxConcurrency(n)}, or in its concurrency groups, several at once.
 *
 * <p>Handles are small and serializable: pass them to tasks and to other actors.
 * The static methods run the class's {@code @Remote} static methods as tasks.
 */
@Generated("io.jray.processor.RemoteProcessor")
public final class GoalsScoredRemote implements ActorStub {
  private static final ActorClass<GoalsScored> ACTOR = ActorClass.of(
      GoalsScoredRemote.class, "com.example.GoalsScored", 2, "CPU=1,special=1");

  private static final ActorConstructor<GoalsScored> NEW = ActorConstructor.of(
      ACTOR, "<init>()",
      args -> new GoalsScored());

  private static final ActorConstructor<GoalsScored> NEW_2 = ActorConstructor.of(
      ACTOR, "<init>(int)",
      args -> new GoalsScored((int) args[0]));

  private static final ActorMethod<GoalsScored, Integer> SCORE = ActorMethod.of(
      ACTOR, "score()",
      (actor, args) -> actor.score());

  private static final ActorMethod<GoalsScored, Integer> SCORE_2 = ActorMethod.of(
      ACTOR, "score(int)",
      (actor, args) -> actor.score((int) args[0]));

  @SuppressWarnings("unchecked")
  private static final ActorMethod<GoalsScored, Void> RESET = ActorMethod.of(
      ACTOR, "reset(java.util.List)",
      (actor, args) -> {
        actor.reset((List<Integer>) args[0]);
        return null;
      });

  private static final ActorMethod<GoalsScored, Map<String, List<Integer>>> BY_PLAYER = ActorMethod.of(
      ACTOR, "byPlayer(java.lang.String[])",
      (actor, args) -> actor.byPlayer((String[]) args[0]));

  private static final ActorMethod<GoalsScored, String> CAPTAIN = ActorMethod.of(
      ACTOR, "captain()",
      (actor, args) -> actor.captain());

  private static final ActorMethod<GoalsScored, Void> CAPTAIN_2 = ActorMethod.of(
      ACTOR, "captain(java.lang.String)",
      (actor, args) -> {
        actor.captain((String) args[0]);
        return null;
      });

  private static final TaskFunction<Long> HELPER = TaskFunction.of(
      GoalsScoredRemote.class, "helper(int)",
      "com.example.GoalsScored.helper", 3,
      args -> GoalsScored.helper((int) args[0]));

  private final ActorRef ref;

  private GoalsScoredRemote(ActorRef ref) {
    this.ref = ref;
  }

  /**
   * Starts a new {@link GoalsScored} actor in a process of its own, with
   * {@link GoalsScored#GoalsScored()}; returns its handle at once.
   */
  public static GoalsScoredRemote create() {
    return new GoalsScoredRemote(Stubs.createActor(NEW, ActorOptions.defaults()));
  }

  /**
   * Starts a new {@link GoalsScored} actor in a process of its own, with
   * {@link GoalsScored#GoalsScored(int)}; returns its handle at once.
   */
  public static GoalsScoredRemote create(int start) {
    return new GoalsScoredRemote(Stubs.createActor(NEW_2, ActorOptions.defaults(), start));
  }

  /**
   * Starts a new {@link GoalsScored} actor in a process of its own, with
   * {@link GoalsScored#GoalsScored(int)}; returns its handle at once.
   *
   * <p>The constructor runs once the ref given for {@code start} is ready,
   * and receives its value.
   */
  public static GoalsScoredRemote create(ObjectRef<Integer> start) {
    return new GoalsScoredRemote(Stubs.createActor(NEW_2, ActorOptions.defaults(), start));
  }

  /**
   * Options for the next actor to create, as Ray's {@code .options()}:
   * {@code GoalsScoredRemote.options().name("name").create(...)}.
   */
  public static Options options() {
    return new Options();
  }

  /**
   * The live actor that was created with this name, from anywhere in the
   * session; throws {@link RayException} if there is none.
   */
  public static GoalsScoredRemote getActor(String name) {
    return new GoalsScoredRemote(Stubs.getActor(ACTOR, name));
  }

  /**
   * Calls {@link GoalsScored#score()} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<Integer> score() {
    return Stubs.callActor(ref, SCORE);
  }

  /**
   * Calls {@link GoalsScored#score(int)} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<Integer> score(int times) {
    return Stubs.callActor(ref, SCORE_2, times);
  }

  /**
   * Calls {@link GoalsScored#score(int)} on this actor;
   * returns a ref to its result at once.
   *
   * <p>The call runs once the ref given for {@code times} is ready,
   * and receives its value.
   */
  public ObjectRef<Integer> score(ObjectRef<Integer> times) {
    return Stubs.callActor(ref, SCORE_2, times);
  }

  /**
   * Calls {@link GoalsScored#reset(List)} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<Void> reset(List<Integer> startingHistory) {
    return Stubs.callActor(ref, RESET, startingHistory);
  }

  /**
   * Calls {@link GoalsScored#reset(List)} on this actor;
   * returns a ref to its result at once.
   *
   * <p>The call runs once the ref given for {@code startingHistory} is ready,
   * and receives its value.
   */
  public ObjectRef<Void> reset(ObjectRef<? extends List<Integer>> startingHistory) {
    return Stubs.callActor(ref, RESET, startingHistory);
  }

  /**
   * Calls {@link GoalsScored#byPlayer(String[])} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<Map<String, List<Integer>>> byPlayer(String... players) {
    return Stubs.callActor(ref, BY_PLAYER, new Object[] {players});
  }

  /**
   * Calls {@link GoalsScored#byPlayer(String[])} on this actor;
   * returns a ref to its result at once.
   *
   * <p>The call runs once the ref given for {@code players} is ready,
   * and receives its value.
   */
  public ObjectRef<Map<String, List<Integer>>> byPlayer(ObjectRef<String[]> players) {
    return Stubs.callActor(ref, BY_PLAYER, players);
  }

  /**
   * Calls {@link GoalsScored#captain()} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<String> captain() {
    return Stubs.callActor(ref, CAPTAIN);
  }

  /**
   * Calls {@link GoalsScored#captain(Object)} on this actor;
   * returns a ref to its result at once.
   */
  public ObjectRef<Void> captain(String newCaptain) {
    return Stubs.callActor(ref, CAPTAIN_2, newCaptain);
  }

  /**
   * Calls {@link GoalsScored#captain(Object)} on this actor;
   * returns a ref to its result at once.
   *
   * <p>The call runs once the ref given for {@code newCaptain} is ready,
   * and receives its value.
   */
  public ObjectRef<Void> captain(ObjectRef<String> newCaptain) {
    return Stubs.callActor(ref, CAPTAIN_2, newCaptain);
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
    return other instanceof GoalsScoredRemote && ((GoalsScoredRemote) other).ref.equals(ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  /**
   * As Ray prints a handle: {@code Actor(GoalsScored, <hex id>)}.
   */
  @Override
  public String toString() {
    return ref.toString();
  }

  /**
   * Runs {@link GoalsScored#helper(int)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Long> helper(int x) {
    return Stubs.submit(HELPER, x);
  }

  /**
   * Runs {@link GoalsScored#helper(int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code x} is ready,
   * and receives its value.
   */
  public static ObjectRef<Long> helper(ObjectRef<Integer> x) {
    return Stubs.submit(HELPER, x);
  }

  /**
   * Options for creating a {@link GoalsScored} actor.
   */
  public static final class Options {
    private final ActorOptions.Builder options = ActorOptions.builder();

    private Options() {
    }

    /**
     * Names the actor, so that {@link GoalsScoredRemote#getActor} finds it from anywhere in
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
     * Starts a new {@link GoalsScored} actor in a process of its own, with
     * {@link GoalsScored#GoalsScored()} and these options; returns its handle at once.
     */
    public GoalsScoredRemote create() {
      return new GoalsScoredRemote(Stubs.createActor(NEW, options.build()));
    }

    /**
     * Starts a new {@link GoalsScored} actor in a process of its own, with
     * {@link GoalsScored#GoalsScored(int)} and these options; returns its handle at once.
     */
    public GoalsScoredRemote create(int start) {
      return new GoalsScoredRemote(Stubs.createActor(NEW_2, options.build(), start));
    }

    /**
     * Starts a new {@link GoalsScored} actor in a process of its own, with
     * {@link GoalsScored#GoalsScored(int)} and these options; returns its handle at once.
     *
     * <p>The constructor runs once the ref given for {@code start} is ready,
     * and receives its value.
     */
    public GoalsScoredRemote create(ObjectRef<Integer> start) {
      return new GoalsScoredRemote(Stubs.createActor(NEW_2, options.build(), start));
    }
  }
}
