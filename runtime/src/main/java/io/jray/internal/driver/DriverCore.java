package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.Tuning;
import io.jray.internal.dashboard.ActorLoad;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.resources.NodeResources;
import io.jray.internal.resources.ResourceSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * The driver's core: the scheduler, the actors, the ref counts and who waits for which
 * argument, as one state machine. Each method is an event (a task submitted, a frame from a
 * worker, a worker gone, the clock, shutdown); one lock applies one event at a time, and what it
 * decides that touches the world (start or end a process, write to a socket, store an error, wake
 * a waiter) comes out as {@link Effect}s, which the {@link Shell} performs after the lock is left.
 * So no thread holds the lock while it waits for I/O, and a test can drive the core with fake
 * workers, a fake store and a fake clock.
 */
final class DriverCore {
  /** Performs effects, outside the core's lock, in their order. */
  @FunctionalInterface
  interface Shell {
    void perform(List<Effect> effects);
  }

  /**
   * What the core needs of the world, each a seam a test can fill. {@code inStore} says whether
   * a worker can read the object now: a value the driver keeps ({@code owned}) is stored as it
   * is asked about. {@code onFreed} hears of each freed object and says whether the store may
   * hold it: a value the driver kept and never stored gets no delete.
   */
  record World(LongPredicate inStore, LongSupplier clock, IntSupplier nextTag,
      LongSupplier availableMemory, RefCounts.Deleter deleter, LongPredicate onFreed,
      RuntimeEvents events, Shell shell, OwnedValues owned) {}

  private final Effects effects = new Effects();
  private final RefCounts refs;
  private final ArgumentWaits waits = new ArgumentWaits();
  private final TaskEnds ends;
  private final Scheduler scheduler;
  private final ActorHosts hosts;
  private final Actors actors;
  private final RemoteTasks remote;
  private final RemoteActors remoteActors;
  private final Shell shell;
  private final RuntimeEvents events;
  /** Whether the driver's tasks go to a cluster's nodes rather than its own workers. */
  private boolean clustered;
  /** Whether this is a job host, which forwards calls to actors it does not know. */
  private boolean forwardsCalls;
  /** Calls this job host forwarded, by result id, until their results are here. */
  private final Map<Long, TaskSpec> forwarded = new java.util.HashMap<>();

  /** {@code capacity}: the node's resources; its CPUs are also how many workers the pool keeps. */
  DriverCore(ResourceSet capacity, int maxWorkers, Tuning tuning, World world) {
    this(capacity, maxWorkers, tuning, world, new ObjectPlaces());
  }

  /** {@code places}: where the results of the driver's tasks on a cluster's nodes are. */
  DriverCore(ResourceSet capacity, int maxWorkers, Tuning tuning, World world,
      ObjectPlaces places) {
    LongPredicate onFreed = world.onFreed();
    // An actor's id counts its handles: at zero an unnamed, owned actor ends (see Actors).
    this.refs = new RefCounts(world.deleter(), id -> {
      freed(id); // under the lock, as every count's change
      boolean mayBeStored = onFreed.test(id);
      handlesGone(id);
      return mayBeStored;
    });
    this.ends = new TaskEnds(world.events(), refs, waits, effects, world.owned());
    this.scheduler = new Scheduler(new NodeResources(capacity), maxWorkers,
        tuning.pipelineDepth(), world.availableMemory(),
        world.inStore(), world.clock(), world.nextTag(), world.events(), refs, waits, ends,
        effects);
    this.hosts = new ActorHosts(tuning.actorsPerHost(), world.nextTag(), world.clock(), effects);
    this.actors = new Actors(tuning, world.inStore(), world.clock(), world.nextTag(),
        world.events(), refs, waits, ends, effects, scheduler, hosts);
    this.remote = new RemoteTasks(places, world.inStore(), world.events(), refs, waits, ends,
        effects);
    this.remoteActors = new RemoteActors(remote, places, world.inStore(), world.events(), refs,
        waits, ends, effects);
    remote.actorIdsAre(id -> remoteActors.knows(id) || actors.knows(id));
    this.shell = world.shell();
    this.events = world.events();
  }

  /** An object was freed: a cluster driver needs no lineage to make it again. */
  private void freed(long id) {
    if (clustered) {
      remote.freed(id);
    }
  }

  /** Starts the pool's first workers; they count as ready once they say hello. */
  List<Worker> startWorkers(int count) {
    List<Worker> workers;
    List<Effect> done;
    synchronized (this) {
      try {
        workers = scheduler.startWorkers(count);
      } finally {
        done = effects.take();
      }
    }
    shell.perform(done);
    return workers;
  }

  /** A task from the driver ({@code submitter} null) or from a worker's running task. */
  void submit(TaskSpec spec, Worker submitter) {
    apply(() -> place(spec, submitter));
  }

  /** A cluster driver's own tasks go to the nodes; a worker's, and a lone driver's, stay here. */
  private void place(TaskSpec spec, Worker submitter) {
    if (clustered && submitter == null) {
      remote.submit(spec);
    } else {
      scheduler.submit(spec, submitter);
    }
  }

  /** From now on the driver's tasks go to the cluster's nodes (see RemoteTasks). */
  synchronized void useCluster() {
    clustered = true;
  }

  /** A node's job host, in {@code slot}, takes the driver's tasks from now on. */
  void nodeJoined(int slot, ResourceSet capacity) {
    apply(() -> {
      remote.addTarget(slot, capacity);
      remoteActors.placeWaiting();
    });
  }

  /** A task's result settled in the job host of {@code slot}. */
  void remoteSettled(int slot, long id, String errorClass, String error) {
    apply(() -> {
      if (!remote.settled(slot, id, errorClass, error)) {
        remoteActors.settled(slot, id, errorClass, error);
      }
    });
  }

  /** The node of {@code slot} is gone, its job host and objects with it. */
  void nodeLost(int slot, String why) {
    apply(() -> {
      remote.slotLost(slot, why);
      remoteActors.slotLost(slot, why);
    });
  }

  /**
   * As {@link #submit} from the driver, and the driver's code holds the result's one ref from
   * now on: one event where a ref's own count would take another.
   */
  void submitHeld(TaskSpec spec) {
    apply(() -> holding(spec.taskId(), () -> place(spec, null)));
  }

  /**
   * Registers an actor and starts its host once its resources are free; throws if its name is
   * taken or its resources can never be free on this node. A cluster driver's own actors live on
   * the cluster's nodes (see RemoteActors).
   */
  void createActor(long actorId, String className, String name, int maxRestarts,
      int maxTaskRetries, TaskSpec creation) {
    createActor(actorId, className, name, maxRestarts, maxTaskRetries, ActorSettings.DEFAULT,
        creation);
  }

  /**
   * As {@link #createActor(long, String, String, int, int, TaskSpec)}, with its settings; returns
   * the actor's id: {@code actorId}, or with {@code getIfExists} that of the live actor of that
   * name.
   */
  long createActor(long actorId, String className, String name, int maxRestarts,
      int maxTaskRetries, ActorSettings settings, TaskSpec creation) {
    return createActor(actorId, className, name, maxRestarts, maxTaskRetries, settings,
        creation, null);
  }

  /** As above, by the task or actor that runs in {@code owner}: it ends with that process. */
  long createActor(long actorId, String className, String name, int maxRestarts,
      int maxTaskRetries, ActorSettings settings, TaskSpec creation, Worker owner) {
    long[] id = {actorId};
    apply(() -> id[0] = actors.create(actorId, className, name, maxRestarts, maxTaskRetries,
        settings, creation, owner));
    return id[0];
  }

  /**
   * As {@link #createActor(long, String, String, int, int, ActorSettings, TaskSpec)}, for the
   * driver's own code: a cluster driver's actors live on the cluster's nodes (a detached one in
   * its node's detached host).
   */
  long createDriverActor(long actorId, String className, String name, int maxRestarts,
      int maxTaskRetries, ActorSettings settings, TaskSpec creation) {
    long[] id = {actorId};
    apply(() -> id[0] = clustered
        ? remoteActors.create(actorId, className, name, maxRestarts, maxTaskRetries, settings,
            creation)
        : actors.create(actorId, className, name, maxRestarts, maxTaskRetries, settings,
            creation, null));
    return id[0];
  }

  /** How busy each actor is, by id: for the state API, when asked. */
  synchronized Map<Long, ActorLoad> actorLoads() {
    return actors.loads();
  }

  /** Another driver's detached actor, found by name, is this driver's handle id from now on. */
  void adoptDetached(long handleId, String className, String name, int slot, long remoteId) {
    apply(() -> remoteActors.adopt(handleId, className, name, slot, remoteId));
  }

  /** A node's detached host created the driver's actor, under {@code remoteId}. */
  void detachedCreated(long actorId, int slot, long remoteId) {
    apply(() -> remoteActors.detachedCreated(actorId, slot, remoteId));
  }

  /** A node's detached host could not create the driver's actor. */
  void detachedFailed(long actorId, String why) {
    apply(() -> remoteActors.detachedFailed(actorId, why));
  }

  /** Whether a live actor of this driver's own has this name. */
  synchronized boolean hasActorNamed(String name) {
    return remoteActors.hasName(name) || actors.hasName(name);
  }

  /** The id of the live actor with this name; throws if there is none of that class. */
  synchronized long lookUpActor(String name, String className) {
    long remoteId = remoteActors.lookUp(name, className);
    return remoteId != 0 ? remoteId : actors.lookUp(name, className);
  }

  void callActor(long actorId, TaskSpec call) {
    apply(() -> routeCall(actorId, call, ProcessHandle.current().pid()));
  }

  /** As {@link #callActor}, and the driver's code holds the result's ref (see submitHeld). */
  void callActorHeld(long actorId, TaskSpec call) {
    apply(() -> holding(call.taskId(),
        () -> routeCall(actorId, call, ProcessHandle.current().pid())));
  }

  /**
   * A call made by the process {@code submitterPid}, to its actor wherever that lives: here, on a
   * cluster's node (the driver's), or, for a job host's worker, somewhere its driver knows.
   */
  private void routeCall(long actorId, TaskSpec call, long submitterPid) {
    if (remoteActors.knows(actorId)) {
      remoteActors.call(actorId, call, submitterPid);
    } else if (forwardsCalls && !actors.knows(actorId)) {
      events.taskSubmitted(call.taskId(), call.displayName(), submitterPid);
      refs.expect(call.taskId()); // its result comes from elsewhere: nobody takes it for lost
      refs.hold(call.heldRefs()); // the actor's job host copies them from here
      forwarded.put(call.taskId(), call);
      effects.add(new Effect.ForwardCall(actorId, call));
    } else {
      actors.call(actorId, call, submitterPid);
    }
  }

  /**
   * From now on, a call to an actor this job host does not know goes to its driver, which
   * knows where the actor lives.
   */
  synchronized void forwardUnknownActorCalls() {
    forwardsCalls = true;
  }

  /**
   * A call this job host forwarded ended: its result was copied into this store
   * ({@code errorClass} null), or it failed with that error.
   */
  void forwardedSettled(long id, String errorClass, String error) {
    apply(() -> {
      TaskSpec call = forwarded.remove(id);
      if (call == null) {
        return;
      }
      if (errorClass == null) {
        ends.reported(id, call, null, new long[0], true, 0);
      } else {
        ends.fail(id, call, 0, io.jray.internal.RayErrors.rebuild(errorClass, error));
      }
    });
  }

  /**
   * A call that the job host of {@code fromSlot} forwarded to one of this driver's actors: it
   * goes to the actor, and that job host hears where its result is (see RemoteActors).
   */
  void forwardedCall(int fromSlot, long actorId, TaskSpec call) {
    apply(() -> remoteActors.forwarded(fromSlot, actorId, call));
  }

  /**
   * Counts the driver's ref to {@code result} before the event runs (an event may settle and
   * free the result at once: a call to a dead actor), and takes it back if the event throws.
   */
  private void holding(long result, Runnable event) {
    refs.hold(result);
    try {
      event.run();
    } catch (RuntimeException | Error e) {
      refs.unhold(result);
      throw e;
    }
  }

  void killActor(long actorId) {
    apply(() -> kill(actorId));
  }

  /** Ends an actor wherever it lives: here, on a cluster's node, or where the driver knows. */
  private void kill(long actorId) {
    if (remoteActors.knows(actorId)) {
      remoteActors.kill(actorId);
    } else if (forwardsCalls && !actors.knows(actorId)) {
      effects.add(new Effect.ForwardKill(actorId)); // an actor of the driver's, elsewhere
    } else {
      actors.kill(actorId);
    }
  }

  /** Cancels the task or queued actor call whose result is {@code id}: forced, not recursive. */
  void cancel(long id) {
    cancel(id, true, false);
  }

  /**
   * Cancels the task or queued actor call whose result is {@code id}; a running task's worker
   * is ended ({@code force}) or the task interrupted, and with {@code recursive} the tasks it
   * submitted are cancelled too (see Scheduler#cancel).
   */
  void cancel(long id, boolean force, boolean recursive) {
    apply(() -> cancelNow(id, force, recursive));
  }

  private void cancelNow(long id, boolean force, boolean recursive) {
    if (!scheduler.cancel(id, force, recursive) && !remote.cancel(id, force, recursive)
        && !remoteActors.cancel(id)) {
      actors.cancel(id);
    }
  }

  /**
   * A frame from a worker that changes the core's state; false if the frame is not for the
   * core (the shell answers it).
   */
  boolean frame(Worker worker, ToDriver frame) {
    if (frame instanceof ToDriver.Subscribe || frame instanceof ToDriver.CreateActorRequest
        || frame instanceof ToDriver.GetActorRequest || frame instanceof ToDriver.Hello
        || frame instanceof ToDriver.UserMeters || frame instanceof ToDriver.GeneratorItem) {
      return false; // the shell answers these: they change nothing here, or answer at once
    }
    apply(() -> applyFrame(worker, frame));
    return true;
  }

  private void applyFrame(Worker worker, ToDriver frame) {
    if (frame instanceof ToDriver.TaskDone done) {
      if (done.startMicros() != 0) {
        events.taskRan(done.taskId(), worker.pid(), done.threadId(), done.startMicros(),
            done.endMicros());
      }
      if (worker.hostsActor()) {
        actors.callDone(worker, done.taskId(), done.error(), done.contained(), done.stored(),
            done.value(), done.onlyCopy());
      } else {
        scheduler.taskDone(worker, done.taskId(), done.error(), done.contained(), done.stored(),
            done.retry(), done.value(), done.onlyCopy());
      }
    } else if (frame instanceof ToDriver.Acquire acquire) {
      refs.acquire(worker.heldRefs, acquire.id());
    } else if (frame instanceof ToDriver.Release release) {
      refs.release(worker.heldRefs, release.id());
    } else if (frame instanceof ToDriver.Submit submit) {
      scheduler.submit(submit.spec(), worker);
    } else if (frame instanceof ToDriver.SubmitActorCall call) {
      routeCall(call.actorId(), call.call(), worker.pid());
    } else if (frame instanceof ToDriver.Contains contains) {
      refs.contains(contains.container(), contains.ids());
    } else if (frame instanceof ToDriver.Blocked) {
      scheduler.blocked(worker);
    } else if (frame instanceof ToDriver.Unblocked) {
      scheduler.unblocked(worker);
    } else if (frame instanceof ToDriver.Returned returned) {
      scheduler.returned(worker, returned.given(), returned.kept());
    } else if (frame instanceof ToDriver.Cancel cancel) {
      cancelNow(cancel.id(), cancel.force(), cancel.recursive());
    } else if (frame instanceof ToDriver.KillActor kill) {
      if (worker.actorId == kill.actorId()) {
        actors.exited(worker); // Ray.exitActor() in the actor's own process
      } else {
        kill(kill.actorId());
      }
    } else if (frame instanceof ToDriver.ActorCreated created) {
      actors.created(worker, created.ok(), created.error());
    } else if (frame instanceof ToDriver.HostExiting exiting) {
      hosts.exiting(worker, exiting.actorId());
    }
  }

  /** The worker said hello: it takes tasks, or its actor's calls, from now on. */
  void workerConnected(Worker worker) {
    apply(() -> {
      if (worker.sharedHost) {
        hosts.connected(worker);
      } else if (worker.hostsActor()) {
        actors.hostConnected(worker);
      } else {
        scheduler.workerConnected(worker);
      }
    });
  }

  /**
   * The worker's process ended (or never started), and every frame it sent has been applied:
   * its work runs again or fails, and whatever it held refs to, it holds no longer.
   */
  void workerExited(Worker worker, int exitCode, String how) {
    workerExited(worker, exitCode, how, Map.of());
  }

  /**
   * As above, for an actor's host that left {@code heldValues}: the values of replies it held
   * back (see {@code HeldValues}), by call id, read from its file by the shell.
   */
  void workerExited(Worker worker, int exitCode, String how, Map<Long, byte[]> heldValues) {
    apply(() -> {
      if (worker.sharedHost) {
        // Lanes it never opened end here; the others end as its exit reaches them.
        for (Worker unopened : hosts.exited(worker)) {
          actors.hostExited(unopened, exitCode, Map.of());
        }
      } else if (worker.hostsActor()) {
        actors.hostExited(worker, exitCode, heldValues);
        if (worker.isLane()) {
          hosts.laneEnded(worker);
        }
      } else {
        scheduler.workerExited(worker, how);
      }
      // A pool worker retired by the pool (exit code 0) hands its actors to the driver.
      actors.ownerExited(worker, worker.hostsActor() || worker.sharedHost || exitCode != 0);
      refs.releaseAll(worker.heldRefs);
    });
  }

  /**
   * The shell wrote the driver's error for a task into the store ({@code failure} null), or
   * could not, and failed the object in memory: tasks waiting for it go on, or fail with it.
   */
  void errorSettled(long id, RayException failure) {
    apply(() -> ends.errorSettled(id, failure));
  }

  /** The clock moved (a timer of the shell's). */
  void tick() {
    apply(() -> {
      scheduler.tick();
      hosts.tick();
    });
  }

  /** The driver's own code holds a ref to the object now (one count per object). */
  synchronized void localAcquired(long id) {
    refs.hold(id);
  }

  /**
   * The driver's own code holds no ref to the object any more; what that frees is deleted by
   * the next {@link #deleteFreed}, so that deletes go to the store in batches.
   */
  void localReleased(long id) {
    boolean actorsToEnd;
    synchronized (this) {
      refs.unhold(id);
      actorsToEnd = actors.hasUnreferenced();
    }
    if (actorsToEnd) {
      apply(() -> { }); // ends them, and performs what that takes
    }
  }

  /** As {@link #localReleased(long)} for the first {@code count} of {@code ids}. */
  void localReleased(long[] ids, int count) {
    boolean actorsToEnd;
    synchronized (this) {
      for (int i = 0; i < count; i++) {
        refs.unhold(ids[i]);
      }
      actorsToEnd = actors.hasUnreferenced();
    }
    if (actorsToEnd) {
      apply(() -> { });
    }
  }

  /** The stored object {@code container} holds refs to these: they live while it does. */
  synchronized void contains(long container, long[] ids) {
    refs.contains(container, ids);
  }

  /** Deletes from the store what the counts freed; no lock needed. */
  void deleteFreed() {
    refs.deleteFreed();
  }

  /** Per resource of the node: {capacity, in use now}. */
  synchronized Map<String, double[]> resourceUse() {
    return scheduler.resourceUse();
  }

  /** The session ends: nothing more is dispatched, and no actor is created or restarted. */
  synchronized void stop() {
    scheduler.stop();
    actors.stop();
    hosts.stop();
    remoteActors.stop();
    waits.clear();
  }

  /**
   * Whether a task or actor call the core knows will still put the object in the store (or fail
   * it): if not, and its maker can send nothing more, nobody will.
   */
  synchronized boolean willSettle(long id) {
    return ends.settles(id);
  }

  /**
   * Who reads the channel that the reply of the call making {@code id} comes on: the worker's
   * running the task, or, given the actor it was sent to, the actor's host's; null if none is
   * known (queued, not sent yet, or made elsewhere).
   */
  synchronized ChannelReader readerOf(long id, long actorId) {
    Worker worker = actorId != 0 ? actors.hostRunning(actorId, id) : scheduler.workerRunning(id);
    return worker == null ? null : worker.reader;
  }

  /** {@link #willSettle(long)} of each object, under one hold of the lock. */
  synchronized boolean[] willSettle(long[] ids) {
    boolean[] settles = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      settles[i] = ends.settles(ids[i]);
    }
    return settles;
  }

  /** Applies one event under the lock, then performs its effects outside it. */
  private void apply(Runnable event) {
    List<Effect> done;
    synchronized (this) {
      try {
        event.run();
        actors.endUnreferenced();
      } finally {
        done = effects.take();
      }
    }
    perform(done);
  }

  /** Under the lock: no handle to {@code id} is left, if it is an actor's. */
  private void handlesGone(long id) {
    if (actors != null) {
      actors.handlesGone(id);
    }
    if (remoteActors != null) {
      remoteActors.handlesGone(id);
    }
  }

  private void perform(List<Effect> done) {
    if (!done.isEmpty()) {
      shell.perform(done);
    }
    refs.deleteFreed();
  }
}
