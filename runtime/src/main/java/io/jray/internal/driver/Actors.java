package io.jray.internal.driver;

import io.jray.ActorDiedException;
import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.Tuning;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.dashboard.ActorLoad;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.Outbox;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToWorker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Every actor of the session; a part of the {@link DriverCore}, whose lock guards it. Each actor
 * lives on a lane of a host JVM that actors share ({@link ActorHosts}), or in a JVM of its own;
 * either way its host is a {@link Worker} here, and what follows holds for both. Calls queue here in the order they
 * arrive and go to the host as soon as their arguments are ready, without waiting for earlier
 * calls to finish: the host runs them one at a time, in that order. An actor holds the resources
 * of its creation's spec from its creation to its death, through restarts; its host starts once
 * the {@link Scheduler} has placed it.
 */
final class Actors {
  /**
   * Calls are written to a host at once while it has fewer than this many in flight and they do
   * not come in a burst. Others are held back to go in one write with those that follow: when
   * the control reader has heard from the host (see ControlServer), when someone waits for an
   * object (see HeldCalls), or at the latest after the session's late-frame delay (see
   * Connection#queueLater).
   */
  private final int sendAtOnce;
  /** A call that comes this soon after the one before to the same actor is part of a burst. */
  private final long burstGapNanos;
  private final LongPredicate inStore;
  private final LongSupplier clock;
  private final IntSupplier nextTag;
  private final RuntimeEvents events;
  private final RefCounts refs;
  private final ArgumentWaits waits;
  private final TaskEnds ends;
  private final Effects effects;
  private final Scheduler scheduler;
  private final ActorHosts hosts;
  private final int actorsPerHost;

  private final Map<Long, ActorRecord> actors = new HashMap<>();
  private final Map<String, ActorRecord> named = new HashMap<>();
  /** Actors no handle refers to any more, to end once their calls are done. */
  private final List<ActorRecord> unreferenced = new ArrayList<>();
  private boolean stopped;

  Actors(Tuning tuning, LongPredicate inStore, LongSupplier clock, IntSupplier nextTag,
      RuntimeEvents events, RefCounts refs, ArgumentWaits waits, TaskEnds ends, Effects effects,
      Scheduler scheduler, ActorHosts hosts) {
    this.scheduler = scheduler;
    this.hosts = hosts;
    this.actorsPerHost = tuning.actorsPerHost();
    this.sendAtOnce = tuning.actorSendAtOnce();
    this.burstGapNanos = tuning.actorBurstGap().toNanos();
    this.inStore = inStore;
    this.clock = clock;
    this.nextTag = nextTag;
    this.events = events;
    this.refs = refs;
    this.waits = waits;
    this.ends = ends;
    this.effects = effects;
  }

  /**
   * Registers an actor and starts its host once its resources are free; the constructor runs
   * once the host is up. Throws if its name is taken or its resources can never be free here.
   */
  long create(long actorId, String className, String name, int maxRestarts, int maxTaskRetries,
      ActorSettings settings, TaskSpec creation, Worker owner) {
    if (stopped) {
      throw new RayException("jray was shut down: call Ray.init() again before creating actors.");
    }
    ActorRecord record = new ActorRecord(actorId, className, name, maxRestarts, maxTaskRetries,
        settings, creation, clock.getAsLong());
    record.owner = settings.detached() ? null : owner;
    record.alone = settings.isolated() || actorsPerHost == 1;
    if (name != null) {
      ActorRecord existing = named.get(name);
      if (existing != null && settings.getIfExists()) {
        lookUp(name, className); // throws if it is of another class
        return existing.id;
      }
      if (existing != null) {
        throw new RayException("An actor named '" + name + "' already exists: "
            + existing.describe() + ". Pick another name, or look that one up with "
            + simpleName(existing.className) + "Remote.getActor(\"" + name + "\").");
      }
    }
    events.actorCreated(actorId, className, name);
    try {
      scheduler.place(placement(record), record.describe());
    } catch (RayException e) {
      events.actorState(actorId, "DEAD", 0);
      throw e;
    }
    if (name != null) {
      named.put(name, record);
    }
    actors.put(actorId, record);
    refs.hold(creation.heldRefs());
    return actorId;
  }

  /** What the scheduler places: the actor's demand; once placed, its host starts. */
  private Scheduler.Holder placement(ActorRecord record) {
    record.placement = new Scheduler.Holder() {
      @Override
      public io.jray.internal.resources.ResourceSet demand() {
        return record.creation.resources();
      }

      @Override
      public void placed(int[] gpuIds) {
        record.gpuIds = gpuIds;
        record.host = spawnHost(record);
      }
    };
    return record.placement;
  }

  /** The id of the live actor with this name, checked to be of the expected class. */
  long lookUp(String name, String className) {
    ActorRecord record = named.get(name);
    if (record == null) {
      throw new RayException("No actor named '" + name + "' is alive in this session. Create it"
          + " with " + simpleName(className) + "Remote.options().name(\"" + name
          + "\").create(...) first.");
    }
    if (!record.className.equals(className)) {
      throw new RayException("The actor named '" + name + "' is a " + record.className
          + ", not a " + className + ": look it up with " + simpleName(record.className)
          + "Remote.getActor(\"" + name + "\").");
    }
    return record.id;
  }

  /** Whether the actor is one of this session's, dead or alive. */
  boolean knows(long actorId) {
    return actors.containsKey(actorId);
  }

  /** Whether a live actor has this name. */
  boolean hasName(String name) {
    return named.containsKey(name);
  }

  /**
   * Queues a call made by the process {@code submitterPid}; a call on a dead or unknown actor
   * fails at once.
   */
  void call(long actorId, TaskSpec call, long submitterPid) {
    events.actorCallSubmitted(actorId);
    events.taskSubmitted(call.taskId(), call.displayName(), submitterPid);
    refs.expect(call.taskId());
    refs.hold(call.heldRefs());
    ActorRecord record = actors.get(actorId);
    if (record == null || record.state == ActorRecord.State.DEAD) {
      fail(call, record == null
          ? "Actor " + ObjectIds.hex(actorId) + " is not known in this session:"
              + " its handle may come from an earlier Ray.init()."
          : deadMessage(record, call));
      return;
    }
    long now = clock.getAsLong();
    boolean burst = now - record.lastCallNanos < burstGapNanos;
    record.lastCallNanos = now;
    record.queue.addLast(call);
    pump(record, burst);
  }

  /** The host ran the constructor. */
  void created(Worker host, boolean ok, String error) {
    ActorRecord record = actors.get(host.actorId);
    if (record == null || record.host != host || record.state == ActorRecord.State.DEAD) {
      return;
    }
    record.state = ActorRecord.State.ALIVE;
    events.actorState(record.id, ok ? "ALIVE" : "CONSTRUCTOR_FAILED", host.pid());
    if (!ok) {
      Log.warn("{} could not be created: {}", record.describe(), error);
    }
  }

  /**
   * A call's result is in the store ({@code value}: a copy of a small value's bytes, or null),
   * or, if {@code onlyCopy}, only in {@code value}, for the driver to keep.
   */
  void callDone(Worker host, long callId, String error, long[] contained, boolean stored,
      byte[] value, boolean onlyCopy) {
    TaskSpec call = null;
    ActorRecord record = actors.get(host.actorId);
    if (record != null) {
      call = record.inFlight.remove(callId);
      record.retries.remove(callId);
    }
    ends.reported(callId, call, error, contained, stored, host.pid(), value, onlyCopy);
  }

  /** The host said hello: send it the constructor and every call that is ready. */
  void hostConnected(Worker host) {
    ActorRecord record = actors.get(host.actorId);
    if (record != null && record.host == host) {
      pump(record, false);
    } else if (host.isLane()) {
      effects.add(new Effect.Kill(host)); // its actor died before its lane opened
    }
  }

  /** Ends an actor for good. Harmless on an actor that is dead already. */
  void kill(long actorId) {
    ActorRecord record = actors.get(actorId);
    if (record == null || record.state == ActorRecord.State.DEAD) {
      return;
    }
    List<TaskSpec> failed = new ArrayList<>();
    die(record, "it was killed with Ray.kill", failed);
    // Its calls' errors are stored before its host hears: a lane's host lives on, and a call
    // that its interrupt ends early must not put a result in their place.
    failAll(record, failed);
    if (record.host != null) {
      effects.add(new Effect.Kill(record.host));
    }
  }

  /**
   * The actor ended itself ({@code Ray.exitActor()}): dead for good, whatever its restarts. Calls
   * whose results its host stored stand; the others, the one that called exitActor among them,
   * fail. Its process exits by itself; it is killed too, in case it does not.
   */
  void exited(Worker host) {
    ActorRecord record = actors.get(host.actorId);
    if (record == null || record.host != host || record.state == ActorRecord.State.DEAD) {
      return;
    }
    // Replies it held back went before its word that it ends: none is left in its held values.
    for (TaskSpec call : takeStored(record, Map.of())) {
      ends.storedBeforeDeath(call, host.pid(), null);
    }
    List<TaskSpec> failed = new ArrayList<>();
    die(record, "it ended itself with Ray.exitActor()", failed);
    failAll(record, failed); // before the kill, as in kill(long)
    effects.add(new Effect.Kill(host));
  }

  /**
   * The host process ended and its channel was read to the end: restart the actor, or not.
   * {@code heldValues}: the values of replies it held back, by call id (see {@code HeldValues}).
   */
  void hostExited(Worker host, int exitCode, Map<Long, byte[]> heldValues) {
    ActorRecord record = actors.get(host.actorId);
    if (record == null || record.host != host || record.state == ActorRecord.State.DEAD) {
      return;
    }
    // Calls whose results the dead host had stored, or kept in its held values: their TASK_DONE
    // was held back, or cut off.
    for (TaskSpec call : takeStored(record, heldValues)) {
      ends.storedBeforeDeath(call, host.pid(), heldValues.get(call.taskId()));
    }
    List<TaskSpec> failed = new ArrayList<>();
    String how = host.isLane() ? hosts.howLaneEnded(host, exitCode)
        : "its process (pid=" + host.pid() + ") died with exit code " + exitCode;
    if (host.isLane() && hosts.exitedTheHost(host)) {
      record.alone = true; // it ended a JVM it shared: from now on it has one of its own
    }
    if (!stopped && record.mayRestart()) {
      // Calls the dead process was running: sent again first, in their order, if they may be.
      List<TaskSpec> again = new ArrayList<>();
      for (TaskSpec call : record.inFlight.values()) {
        if (record.mayRetry(call.taskId())) {
          record.retries.merge(call.taskId(), 1, Integer::sum);
          again.add(call);
        } else {
          failed.add(call);
        }
      }
      for (int i = again.size() - 1; i >= 0; i--) {
        record.queue.addFirst(again.get(i));
      }
      record.inFlight.clear();
      record.restarts++;
      record.state = ActorRecord.State.RESTARTING;
      record.deathReason = how + " while running this call; it was restarted";
      record.creationSent = false;
      Log.warn("{}: {}; restarting it ({} of {})", record.describe(), how, record.restarts,
          record.maxRestarts < 0 ? "unlimited" : record.maxRestarts);
      events.actorState(record.id, "RESTARTING", 0);
      record.host = spawnHost(record); // it holds its resources still
    } else {
      die(record, how + (record.restarts > 0 ? " after " + record.restarts + " restart(s)" : "")
          + " and it may not restart (maxRestarts=" + record.maxRestarts + ")", failed);
    }
    failAll(record, failed);
  }

  /** Takes from the in-flight calls those whose result is in the store or the held values. */
  private List<TaskSpec> takeStored(ActorRecord record, Map<Long, byte[]> heldValues) {
    List<TaskSpec> stored = new ArrayList<>();
    record.inFlight.values().removeIf(call -> {
      if (!heldValues.containsKey(call.taskId()) && !inStore.test(call.taskId())) {
        return false;
      }
      record.retries.remove(call.taskId());
      return stored.add(call);
    });
    return stored;
  }

  /** The host (or lane) an actor's call was sent to, while it runs there; else null. */
  Worker hostRunning(long actorId, long callId) {
    ActorRecord record = actors.get(actorId);
    return record != null && record.inFlight.containsKey(callId) ? record.host : null;
  }

  /** Cancels a call that has not been sent to its actor yet; one already sent runs. */
  void cancel(long callId) {
    for (ActorRecord record : actors.values()) {
      for (TaskSpec call : record.queue) {
        if (call.taskId() == callId) {
          record.queue.remove(call);
          ends.fail(call.taskId(), call, 0, new TaskCancelledException("The call "
              + call.displayName() + " was cancelled with Ray.cancel before it ran."));
          return;
        }
      }
    }
  }

  /**
   * The count of {@code id}'s handles, in every process, fell to zero. An actor without a name
   * and not detached then ends, as in Ray, once the calls it has are done: nobody can call it
   * again. Only marks it: {@link #endUnreferenced} ends it within the same event.
   */
  void handlesGone(long id) {
    ActorRecord record = actors.get(id);
    if (record != null && record.name == null && !record.settings.detached()
        && record.state != ActorRecord.State.DEAD && !record.unreferenced) {
      record.unreferenced = true;
      unreferenced.add(record);
    }
  }

  boolean hasUnreferenced() {
    return !unreferenced.isEmpty();
  }

  /** Ends the actors no handle refers to whose calls are all done. */
  void endUnreferenced() {
    if (unreferenced.isEmpty()) {
      return;
    }
    for (var it = unreferenced.iterator(); it.hasNext(); ) {
      ActorRecord record = it.next();
      if (record.state == ActorRecord.State.DEAD) {
        it.remove();
      } else if (record.queue.isEmpty() && record.inFlight.isEmpty()) {
        it.remove();
        end(record, "no handle to it was left in any process");
      }
    }
  }

  /**
   * A process ended: the actors that a task or actor in it created end with it ({@code died}),
   * unless they are detached (Ray's fate sharing with the owner); or, a pool worker that the
   * pool retired, they live on, owned by the driver.
   */
  void ownerExited(Worker process, boolean died) {
    for (ActorRecord record : new ArrayList<>(actors.values())) {
      if (record.owner != process) {
        continue;
      }
      if (died && record.state != ActorRecord.State.DEAD) {
        end(record, "its owner, " + process + " (which created it), ended");
      }
      record.owner = null;
    }
  }

  private void end(ActorRecord record, String reason) {
    List<TaskSpec> failed = new ArrayList<>();
    die(record, reason, failed);
    failAll(record, failed); // before the kill, as in kill(long)
    if (record.host != null) {
      effects.add(new Effect.Kill(record.host));
    }
  }

  /** How busy each actor is; a dead one runs nothing. */
  Map<Long, ActorLoad> loads() {
    Map<Long, ActorLoad> loads = new HashMap<>();
    for (ActorRecord record : actors.values()) {
      loads.put(record.id, ActorLoad.of(record.settings.concurrency(), record.inFlight.size(),
          record.queue.size()));
    }
    return loads;
  }

  void stop() {
    stopped = true;
  }

  /**
   * Where the actor runs next: a lane in a host JVM that actors share, or, for one that must be
   * alone (or holds GPUs, which are a process's), a JVM of its own.
   */
  private Worker spawnHost(ActorRecord record) {
    boolean alone = record.alone || record.gpuIds.length > 0;
    events.actorHosted(record.id, alone);
    if (!alone) {
      return hosts.laneFor(record.id);
    }
    Worker host = new Worker(nextTag.getAsInt(), record.id);
    host.gpuIds = record.gpuIds;
    effects.add(new Effect.Spawn(host));
    return host;
  }

  private void die(ActorRecord record, String reason, List<TaskSpec> failed) {
    record.state = ActorRecord.State.DEAD;
    record.deathReason = reason;
    scheduler.release(record.placement, record.gpuIds);
    refs.unhold(record.creation.heldRefs());
    failed.addAll(record.inFlight.values());
    failed.addAll(record.queue);
    record.inFlight.clear();
    record.queue.clear();
    if (record.name != null) {
      named.remove(record.name, record);
    }
    events.actorState(record.id, "DEAD", 0);
  }

  /**
   * Sends what can be sent, in order; stops at the first call whose arguments are not ready.
   * Holds the calls back for a batch if the host is busy or they come in a burst. Frames are only
   * queued on the host's outbox: the shell writes them once the lock is left.
   */
  private void pump(ActorRecord record, boolean burst) {
    Worker host = record.host;
    Outbox outbox = host == null ? null : host.outbox;
    if (outbox == null || record.state == ActorRecord.State.DEAD || hosts.dying(host)) {
      return;
    }
    try {
      if (!record.creationSent) {
        if (!whenArgumentsReady(record, record.creation)) {
          return;
        }
        outbox.queue(new ToWorker.CreateActor(record.id, record.className,
            record.gpuIds.length == 0 ? record.creation
                : record.creation.withGpuIds(record.gpuIds), record.restarts,
            record.settings.maxConcurrency()));
        effects.flush(host);
        record.creationSent = true;
      }
      boolean holdBack = burst || record.inFlight.size() >= sendAtOnce;
      while (!record.queue.isEmpty()) {
        TaskSpec call = record.queue.peekFirst();
        if (!whenArgumentsReady(record, call)) {
          break;
        }
        record.queue.pollFirst();
        record.inFlight.put(call.taskId(), call);
        events.taskStarted(call.taskId(), host.pid(), record.restarts + 1);
        if (!holdBack) {
          // Not held back: that would wake the LateFrames thread for a call that goes now.
          outbox.queue(new ToWorker.ActorCall(call));
          effects.flush(host);
          continue;
        }
        switch (outbox.queueLater(new ToWorker.ActorCall(call))) {
          case FIRST_HELD -> effects.add(new Effect.HeldBack(host));
          case WRITE_NOW -> effects.flush(host);
          case NOTHING -> { }
        }
      }
    } catch (IOException e) {
      // The host is dying: hostExited fails or re-sends what was in flight.
      Log.debug("Could not send to {}: {}", record.describe(), e.toString());
    }
  }

  /** True if every ref argument is in the store; else pump again once the missing one is. */
  private boolean whenArgumentsReady(ActorRecord record, TaskSpec spec) {
    for (int i = 0; i < spec.argCount(); i++) {
      long id = spec.argRefs()[i];
      if (spec.isRef(i) && !inStore.test(id)) {
        if (record.waitingFor != id) {
          record.waitingFor = id;
          waits.await(id, (ready, failure) -> argumentSettled(record, spec, failure));
        }
        return false;
      }
    }
    return true;
  }

  /**
   * The argument the head of the queue waited for is in the store, or failed outside it: then
   * that call fails with its error, unsent, and the calls behind it go on.
   */
  private void argumentSettled(ActorRecord record, TaskSpec waiting, RayException failure) {
    record.waitingFor = 0;
    if (stopped || record.state == ActorRecord.State.DEAD) {
      return;
    }
    if (failure != null) {
      if (waiting == record.creation) {
        List<TaskSpec> failed = new ArrayList<>();
        die(record, "an argument of its constructor failed: " + failure.getMessage(), failed);
        effects.add(new Effect.Kill(record.host));
        failAll(record, failed);
        return;
      }
      if (record.queue.peekFirst() == waiting) {
        record.queue.pollFirst();
        ends.fail(waiting.taskId(), waiting, 0, failure);
      }
    }
    pump(record, false);
  }

  private void failAll(ActorRecord record, List<TaskSpec> calls) {
    for (TaskSpec call : calls) {
      fail(call, deadMessage(record, call));
    }
  }

  private void fail(TaskSpec call, String message) {
    ends.fail(call.taskId(), call, 0, new ActorDiedException(message));
  }

  private static String deadMessage(ActorRecord record, TaskSpec call) {
    return record.describe() + " cannot run " + call.displayName() + ": " + record.deathReason
        + ".";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
