package io.jray.internal.driver;

import io.jray.ActorDiedException;
import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.RayErrors;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.resources.ResourceSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A cluster driver's actors, as one part of its core (the core's lock guards it). Each lives in
 * the job host of the node its resources chose, which runs it as a lone driver runs its own
 * actors (a host process, restarts when that process dies). The driver keeps each actor's calls
 * in the order its code made them and sends them to that job host as their arguments settle; the
 * results stay there, and {@link ObjectPlaces} says where. A node lost takes its actors with it:
 * each starts again on another node while its {@code maxRestarts} last, the calls it was running
 * sent again while their {@code maxTaskRetries} last.
 *
 * <p>A detached actor lives in its node's detached host instead, which no driver owns: its calls
 * go there under the id that host gave it, and their results are copied home as they settle. One
 * found by name (another driver's) is known here by a handle id of this driver's. A detached
 * actor whose node is lost starts again elsewhere like the others: a named one's restarts are
 * the cluster table's to count, and the first of its drivers to see the loss restarts it there;
 * the others follow it to its new host.
 *
 * <p>A handle passed to a task reaches its actor too, detached or not: the task's job host does
 * not know the actor, so it forwards the call here; it goes into the actor's queue like the
 * driver's own, and when it ends that job host hears where the result is (a detached actor's is
 * in the driver's store by then), copies it and releases it there. A kill is forwarded likewise.
 */
final class RemoteActors {
  /** One actor of the driver's on a cluster. */
  private static final class Record {
    final long id;
    final String className;
    final String name;
    final int maxRestarts;
    final int maxTaskRetries;
    final TaskSpec creation;
    final ActorSettings settings;
    final boolean detached;
    /** The slot of the node whose resources it holds; -1 while it waits for a node with room. */
    int slot = -1;
    /** Where its calls go (its detached host's slot, for a detached one); -1 until known. */
    int callSlot = -1;
    /** Its id where it lives: its own in a job host, the one its detached host gave it there. */
    long remoteId;
    boolean creationSent;
    boolean dead;
    String deathReason;
    /** Restarts on another node after its node was lost. */
    int restarts;
    /** No handle to it is left: it ends once its calls are done. */
    boolean orphaned;
    /** The argument the head of the queue waits for; 0 when none. */
    long waitingFor;
    final ArrayDeque<TaskSpec> queue = new ArrayDeque<>();
    final Map<Long, TaskSpec> inFlight = new LinkedHashMap<>();
    final Map<Long, Integer> retries = new HashMap<>();

    Record(long id, String className, String name, int maxRestarts, int maxTaskRetries,
        TaskSpec creation, ActorSettings settings) {
      this.id = id;
      this.settings = settings;
      this.detached = settings.detached();
      this.className = className;
      this.name = name;
      this.maxRestarts = maxRestarts;
      this.maxTaskRetries = maxTaskRetries;
      this.creation = creation;
    }

    /**
     * Whether it may start again after losing its node; a named detached one's restarts are
     * counted in the cluster's table, which any driver may have used (see ClusterDriver).
     */
    boolean mayRestart() {
      return (detached && name != null) || maxRestarts < 0 || restarts < maxRestarts;
    }

    boolean mayRetry(long callId) {
      return maxTaskRetries < 0 || retries.getOrDefault(callId, 0) < maxTaskRetries;
    }

    /** What is left of its restarts for its job host to use (-1: no limit). */
    int restartsLeft() {
      return maxRestarts < 0 ? -1 : maxRestarts - restarts;
    }

    String describe() {
      return "Actor " + simpleName(className) + (name == null ? "" : " '" + name + "'")
          + " (" + ObjectIds.hex(id) + ")";
    }
  }

  private final Map<Long, Record> actors = new HashMap<>();
  private final Map<String, Record> named = new HashMap<>();
  /** Which actor each call in flight was sent to. */
  private final Map<Long, Record> callers = new HashMap<>();
  /**
   * Calls that a job host's worker made and its job host forwarded, by result id: the job host
   * of each slot here hears how its call ended, and keeps the result (see
   * DriverCore#forwardedCall).
   */
  private final Map<Long, Integer> forwardedFrom = new HashMap<>();
  /** Actors waiting for a node with room, in the order they were created. */
  private final List<Record> unplaced = new ArrayList<>();
  private final RemoteTasks nodes;
  private final ObjectPlaces places;
  private final LongPredicate inStore;
  private final RuntimeEvents events;
  private final RefCounts refs;
  private final ArgumentWaits waits;
  private final TaskEnds ends;
  private final Effects effects;
  private boolean stopped;

  RemoteActors(RemoteTasks nodes, ObjectPlaces places, LongPredicate inStore,
      RuntimeEvents events, RefCounts refs, ArgumentWaits waits, TaskEnds ends,
      Effects effects) {
    this.nodes = nodes;
    this.places = places;
    this.inStore = inStore;
    this.events = events;
    this.refs = refs;
    this.waits = waits;
    this.ends = ends;
    this.effects = effects;
  }

  /**
   * Registers an actor and sends its creation to the node its resources choose, or keeps it
   * until a node has room (with a warning if none ever could). Returns its id: {@code actorId},
   * or with {@code getIfExists} the live actor's of that name. Throws if its name is taken or no
   * node is left at all.
   */
  long create(long actorId, String className, String name, int maxRestarts, int maxTaskRetries,
      ActorSettings settings, TaskSpec creation) {
    if (stopped) {
      throw new RayException("jray was shut down: call Ray.init() again before creating actors.");
    }
    if (name != null && named.containsKey(name)) {
      Record existing = named.get(name);
      if (settings.getIfExists()) {
        return lookUp(name, className); // throws if it is of another class
      }
      throw new RayException("An actor named '" + name + "' already exists: "
          + existing.describe() + ". Pick another name, or look that one up with "
          + simpleName(existing.className) + "Remote.getActor(\"" + name + "\").");
    }
    if (!nodes.hasTargets()) {
      throw new RayException("No node of the cluster is left to create actor "
          + simpleName(className) + " on: start nodes (jray start --address ...) and create it"
          + " again.");
    }
    Record record = new Record(actorId, className, name, maxRestarts, maxTaskRetries, creation,
        settings);
    events.actorCreated(actorId, className, name);
    actors.put(actorId, record);
    if (name != null) {
      named.put(name, record);
    }
    refs.hold(creation.heldRefs());
    place(record);
    return actorId;
  }

  /**
   * No handle to the actor is left in any process: an unnamed one that its driver owns ends,
   * as on one machine (see Actors).
   */
  void handlesGone(long actorId) {
    Record record = actors.get(actorId);
    if (record != null && !record.dead && record.name == null && !record.detached) {
      record.orphaned = true;
      endIfOrphaned(record);
    }
  }

  private void endIfOrphaned(Record record) {
    if (record.orphaned && !record.dead && record.queue.isEmpty() && record.inFlight.isEmpty()) {
      kill(record.id);
      record.deathReason = "no handle to it was left";
    }
  }

  /**
   * Another driver's detached actor, found by its name: this driver's calls to it go to its
   * detached host ({@code slot}) under {@code remoteId}.
   */
  void adopt(long handleId, String className, String name, int slot, long remoteId) {
    Record record = new Record(handleId, className, name, 0, 0,
        new TaskSpec(handleId, "", "", 0, false, new byte[0][], new long[0], new long[0],
            ResourceSet.EMPTY, new int[0]), new ActorSettings(1, 0, false, true));
    record.creationSent = true;
    record.callSlot = slot;
    record.remoteId = remoteId;
    actors.put(handleId, record);
    if (name != null) {
      named.put(name, record);
    }
    events.actorCreated(handleId, className, name);
    events.actorState(handleId, "ALIVE", 0);
  }

  /** Its node's detached host created the actor, under {@code remoteId}: its calls go there. */
  void detachedCreated(long actorId, int slot, long remoteId) {
    Record record = actors.get(actorId);
    if (record == null || record.dead) {
      if (record != null) {
        effects.add(new Effect.KillRemoteActor(slot, remoteId)); // killed while it was created
      }
      return;
    }
    record.callSlot = slot;
    record.remoteId = remoteId;
    pump(record);
  }

  /** Its node's detached host could not create the actor, or start it again after a loss. */
  void detachedFailed(long actorId, String why) {
    Record record = actors.get(actorId);
    if (record != null && !record.dead) {
      List<TaskSpec> failed = new ArrayList<>();
      die(record, (record.restarts > 0 ? "it lost its node, and " : "it could not be created: ")
          + why, failed);
      failAll(record, failed);
    }
  }

  /** Whether the actor is one of these (a cluster driver's own), dead or alive. */
  boolean knows(long actorId) {
    return actors.containsKey(actorId);
  }

  /** Whether a live actor of these has this name. */
  boolean hasName(String name) {
    return named.containsKey(name);
  }

  /** The id of the live actor with this name, or 0 if there is none here. */
  long lookUp(String name, String className) {
    Record record = named.get(name);
    if (record == null) {
      return 0;
    }
    if (!record.className.equals(className)) {
      throw new RayException("The actor named '" + name + "' is a " + record.className
          + ", not a " + className + ": look it up with " + simpleName(record.className)
          + "Remote.getActor(\"" + name + "\").");
    }
    return record.id;
  }

  /** A call that the job host of {@code fromSlot} forwarded: see {@link #forwardedFrom}. */
  void forwarded(int fromSlot, long actorId, TaskSpec call) {
    Record record = actors.get(actorId);
    String refused = record == null
        ? "Actor " + ObjectIds.hex(actorId) + " is not one of this job's: its handle may come"
            + " from an earlier Ray.init()."
        : record.dead ? deadMessage(record, call) : null;
    if (refused != null) {
      effects.add(new Effect.TellForwarded(fromSlot, call.taskId(), 0,
          ActorDiedException.class.getName(), refused));
      return;
    }
    forwardedFrom.put(call.taskId(), fromSlot);
    record.queue.addLast(call);
    pump(record);
  }

  /**
   * Queues a call made by the process {@code submitterPid}, sent once the calls before it are;
   * one on a dead actor fails at once.
   */
  void call(long actorId, TaskSpec call, long submitterPid) {
    events.actorCallSubmitted(actorId);
    events.taskSubmitted(call.taskId(), call.displayName(), submitterPid);
    refs.expect(call.taskId());
    refs.hold(call.heldRefs());
    Record record = actors.get(actorId);
    if (record.dead) {
      fail(call, deadMessage(record, call));
      return;
    }
    record.queue.addLast(call);
    pump(record);
  }

  /**
   * A result settled in a job host. Returns false if it is no call of these actors' (a
   * late one from a node given up on is dropped here too).
   */
  boolean settled(int slot, long id, String errorClass, String error) {
    Record record = callers.get(id);
    if (record == null) {
      return false;
    }
    if (record.callSlot != slot) {
      return true; // from the node it lived on before: that call was sent again, or failed
    }
    callers.remove(id);
    TaskSpec call = record.inFlight.remove(id);
    record.retries.remove(id);
    Integer from = forwardedFrom.remove(id);
    if (from != null) {
      // A detached actor's result was copied into the driver's store (slot 0) as it settled.
      effects.add(new Effect.TellForwarded(from, id, record.detached ? 0 : slot, errorClass,
          error));
    } else if (errorClass == null) {
      if (!record.detached) {
        places.put(id, slot); // a detached actor's result was copied home
      }
      ends.reported(id, call, null, new long[0], true, 0);
    } else {
      failCall(call, RayErrors.rebuild(errorClass, error));
    }
    endIfOrphaned(record);
    return true;
  }

  /** Ends an actor for good; harmless on one that is dead already. */
  void kill(long actorId) {
    Record record = actors.get(actorId);
    if (record == null || record.dead) {
      return;
    }
    if (record.callSlot > 0) {
      effects.add(new Effect.KillRemoteActor(record.callSlot, record.remoteId));
    }
    List<TaskSpec> failed = new ArrayList<>();
    die(record, "it was killed with Ray.kill", failed);
    failAll(record, failed);
    placeWaiting(); // what it held may be what another waits for
  }

  /** Cancels a call not yet sent to its actor; returns false if there is none such. */
  boolean cancel(long callId) {
    for (Record record : actors.values()) {
      for (TaskSpec call : record.queue) {
        if (call.taskId() == callId) {
          record.queue.remove(call);
          failCall(call, new TaskCancelledException("The call "
              + call.displayName() + " was cancelled with Ray.cancel before it ran."));
          pump(record);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The node of {@code slot} is gone with the actors it held: each starts again on another node
   * while its restarts last, the calls it was running first, while their retries last. Called
   * after the node's job host was taken off {@link RemoteTasks}' targets.
   */
  void slotLost(int slot, String why) {
    for (Record record : new ArrayList<>(actors.values())) {
      if (record.dead || (record.slot != slot && record.callSlot != slot)) {
        continue;
      }
      List<TaskSpec> failed = new ArrayList<>();
      String how = "its node is gone (" + why + ")";
      if (!stopped && record.mayRestart()) {
        List<TaskSpec> again = new ArrayList<>();
        for (TaskSpec call : record.inFlight.values()) {
          callers.remove(call.taskId());
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
        record.creationSent = false;
        record.callSlot = -1;
        if (record.slot > 0 && record.slot != slot) {
          nodes.releaseActor(record.slot, record.creation.resources()); // a detached host's
        }
        record.deathReason = how + " while it ran this call; it was restarted on another node";
        if (record.detached && record.name != null) {
          Log.warn("{}: {}; it starts again on another node if its restarts allow (the"
              + " cluster's table counts them)", record.describe(), how);
        } else {
          Log.warn("{}: {}; restarting it on another node ({} of {})", record.describe(), how,
              record.restarts, record.maxRestarts < 0 ? "unlimited" : record.maxRestarts);
        }
        events.actorState(record.id, "RESTARTING", 0);
        place(record); // its old node's target is gone, and what it held there with it
      } else {
        die(record, how + (record.restarts > 0 ? " after " + record.restarts + " restart(s)"
            : "") + " and it may not restart (maxRestarts=" + record.maxRestarts + ")", failed);
      }
      failAll(record, failed);
    }
    placeWaiting();
  }

  /** A node may have room now (one joined, or an actor died): place the actors that wait. */
  void placeWaiting() {
    for (Record record : new ArrayList<>(unplaced)) {
      if (record.dead) {
        unplaced.remove(record);
      } else {
        int slot = nodes.placeActor(record.creation.resources());
        if (slot > 0) {
          unplaced.remove(record);
          settle(record, slot);
        }
      }
    }
  }

  /** The session ends: no actor is placed or restarted any more. */
  void stop() {
    stopped = true;
  }

  private void place(Record record) {
    ResourceSet demand = record.creation.resources();
    int slot = nodes.placeActor(demand);
    if (slot > 0) {
      settle(record, slot);
      return;
    }
    record.slot = -1;
    unplaced.add(record);
    events.actorState(record.id, "PENDING_CREATION", 0);
    if (!nodes.feasible(demand)) {
      Log.warn("{} asks for {}, which no node of the cluster has: it waits for a node that does"
          + " (jray start --resources ...)", record.describe(), demand.toSpec());
    }
  }

  /** The actor lives in the job host of {@code slot} from now on. */
  private void settle(Record record, int slot) {
    record.slot = slot;
    events.actorState(record.id, "ALIVE", 0);
    pump(record);
  }

  /**
   * Sends what can be sent, in order: the creation first, then calls, stopping at the first
   * whose arguments are not settled yet.
   */
  private void pump(Record record) {
    if (record.dead) {
      return;
    }
    if (!record.creationSent) {
      if (record.slot <= 0 || !whenArgumentsSettled(record, record.creation)) {
        return;
      }
      RemoteTasks.Placed placed = nodes.placesOf(record.creation);
      effects.add(new Effect.CreateRemoteActor(record.slot, record.className, record.name,
          record.settings, record.restartsLeft(), record.maxTaskRetries, record.creation,
          placed.ids(), placed.slots(), record.restarts > 0));
      record.creationSent = true;
      if (!record.detached) {
        record.callSlot = record.slot;
        record.remoteId = record.id;
      }
    }
    if (record.callSlot <= 0) {
      return; // its detached host has not said it has it yet
    }
    while (!record.queue.isEmpty()) {
      TaskSpec call = record.queue.peekFirst();
      if (!whenArgumentsSettled(record, call)) {
        return;
      }
      record.queue.pollFirst();
      record.inFlight.put(call.taskId(), call);
      callers.put(call.taskId(), record);
      events.taskStarted(call.taskId(), 0, record.retries.getOrDefault(call.taskId(), 0) + 1);
      RemoteTasks.Placed placed = nodes.placesOf(call);
      effects.add(new Effect.CallRemoteActor(record.callSlot, record.remoteId, call, placed.ids(),
          placed.slots()));
    }
  }

  /**
   * True if every object the spec refers to is settled, refs inside its values too (the actor's
   * node copies them all in first); else pumps again once the missing one is.
   */
  private boolean whenArgumentsSettled(Record record, TaskSpec spec) {
    for (long id : spec.heldRefs()) {
      if (nodes.mustAwait(id)) {
        if (record.waitingFor != id) {
          record.waitingFor = id;
          waits.await(id, (done, failure) -> argumentSettled(record, spec, failure));
        }
        return false;
      }
    }
    return true;
  }

  /** What the head of the queue waited for settled: it goes, or fails with that error. */
  private void argumentSettled(Record record, TaskSpec waiting, RayException failure) {
    record.waitingFor = 0;
    if (stopped || record.dead) {
      return;
    }
    if (failure != null) {
      if (waiting == record.creation) {
        List<TaskSpec> failed = new ArrayList<>();
        die(record, "an argument of its constructor failed: " + failure.getMessage(), failed);
        failAll(record, failed);
        return;
      }
      if (record.queue.peekFirst() == waiting) {
        record.queue.pollFirst();
        failCall(waiting, failure);
      }
    }
    pump(record);
  }

  private void die(Record record, String reason, List<TaskSpec> failed) {
    record.dead = true;
    record.deathReason = reason;
    unplaced.remove(record);
    if (record.slot > 0) {
      nodes.releaseActor(record.slot, record.creation.resources());
    }
    refs.unhold(record.creation.heldRefs());
    for (long callId : record.inFlight.keySet()) {
      callers.remove(callId);
    }
    failed.addAll(record.inFlight.values());
    failed.addAll(record.queue);
    record.inFlight.clear();
    record.queue.clear();
    if (record.name != null) {
      named.remove(record.name, record);
    }
    events.actorState(record.id, "DEAD", 0);
  }

  private void failAll(Record record, List<TaskSpec> calls) {
    for (TaskSpec call : calls) {
      fail(call, deadMessage(record, call));
    }
  }

  private void fail(TaskSpec call, String message) {
    failCall(call, new ActorDiedException(message));
  }

  /** Ends a call with an error: here, or in the job host that forwarded it. */
  private void failCall(TaskSpec call, RayException error) {
    Integer from = forwardedFrom.remove(call.taskId());
    if (from != null) {
      effects.add(new Effect.TellForwarded(from, call.taskId(), 0, error.getClass().getName(),
          error.getMessage()));
    } else {
      ends.fail(call.taskId(), call, 0, error);
    }
  }

  private static String deadMessage(Record record, TaskSpec call) {
    return record.describe() + " cannot run " + call.displayName() + ": " + record.deathReason
        + ".";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
