package io.jray.internal.driver;

import io.jray.ActorDiedException;
import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.internal.Log;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Every actor of the session: each lives in a host process of its own, started on create. Calls
 * queue here in the order they arrive and go to the host as soon as their arguments are ready,
 * without waiting for earlier calls to finish: the host runs them one at a time, in that order.
 */
final class Actors {
  /**
   * Calls are written to a host at once while it has fewer than this many in flight and they do
   * not come in a burst. Others are held back to go in one write with those that follow: when
   * the control reader has heard from the host (see ControlServer), when someone waits for an
   * object (see HeldCalls), or at the latest after a millisecond (see Connection#sendLater).
   */
  static final int SEND_AT_ONCE = Integer.getInteger("jray.actorSendAtOnce", 2);
  /** A call that comes this soon after the one before to the same actor is part of a burst. */
  private static final long BURST_GAP_NANOS =
      TimeUnit.MICROSECONDS.toNanos(Long.getLong("jray.actorBurstGapMicros", 10));

  private final ObjectStore store;
  private final ObjectDirectory directory;
  private final TaskEnds ends;
  private final HeldCalls heldCalls;
  private final RuntimeEvents events;
  private final LongFunction<Worker> hostLauncher;
  private final RefCounts refs;

  private final Map<Long, ActorRecord> actors = new HashMap<>();
  private final Map<String, ActorRecord> named = new HashMap<>();
  private boolean stopped;

  Actors(ObjectStore store, ObjectDirectory directory, TaskEnds ends, HeldCalls heldCalls,
      RuntimeEvents events, LongFunction<Worker> hostLauncher, RefCounts refs) {
    this.store = store;
    this.directory = directory;
    this.ends = ends;
    this.heldCalls = heldCalls;
    this.events = events;
    this.hostLauncher = hostLauncher;
    this.refs = refs;
  }

  /** Registers an actor and starts its host; the constructor runs once the host is up. */
  void create(long actorId, String className, String name, int maxRestarts, int maxTaskRetries,
      TaskSpec creation) {
    ActorRecord record =
        new ActorRecord(actorId, className, name, maxRestarts, maxTaskRetries, creation);
    synchronized (this) {
      if (stopped) {
        throw new RayException("jray was shut down: call Ray.init() again before creating actors.");
      }
      if (name != null) {
        ActorRecord existing = named.get(name);
        if (existing != null) {
          throw new RayException("An actor named '" + name + "' already exists: "
              + existing.describe() + ". Pick another name, or look that one up with "
              + simpleName(existing.className) + "Remote.getActor(\"" + name + "\").");
        }
        named.put(name, record);
      }
      actors.put(actorId, record);
      refs.hold(creation.heldRefs());
      events.actorCreated(actorId, className, name);
      record.host = hostLauncher.apply(actorId);
    }
  }

  /** The id of the live actor with this name, checked to be of the expected class. */
  synchronized long lookUp(String name, String className) {
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

  /** Queues a call; a call on a dead or unknown actor fails at once. */
  void call(long actorId, TaskSpec call) {
    events.actorCallSubmitted(actorId);
    refs.expect(call.taskId());
    refs.hold(call.heldRefs());
    ActorRecord record;
    Connection queued = null;
    boolean accepted;
    synchronized (this) {
      record = actors.get(actorId);
      accepted = record != null && record.state != ActorRecord.State.DEAD;
      if (accepted) {
        long now = System.nanoTime();
        boolean burst = now - record.lastCallNanos < BURST_GAP_NANOS;
        record.lastCallNanos = now;
        record.queue.addLast(call);
        queued = pump(record, burst);
      }
    }
    if (accepted) {
      write(queued);
      return;
    }
    fail(call, record == null
        ? "Actor " + io.jray.internal.ObjectIds.hex(actorId) + " is not known in this session:"
            + " its handle may come from an earlier Ray.init()."
        : deadMessage(record, call));
  }

  /** The host ran the constructor. */
  void created(Worker host, boolean ok, String error) {
    synchronized (this) {
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
  }

  /** A call's result is in the store. */
  void callDone(Worker host, long callId, String error, long[] contained, boolean stored) {
    TaskSpec call = null;
    synchronized (this) {
      ActorRecord record = actors.get(host.actorId);
      if (record != null) {
        call = record.inFlight.remove(callId);
        record.retries.remove(callId);
      }
    }
    ends.reported(callId, call, error, contained, stored);
  }

  /** The host said hello: send it the constructor and every call that is ready. */
  void hostConnected(Worker host) {
    Connection queued = null;
    synchronized (this) {
      ActorRecord record = actors.get(host.actorId);
      if (record != null && record.host == host) {
        queued = pump(record, false);
      }
    }
    write(queued);
  }

  /** Ends an actor for good. Harmless on an actor that is dead already. */
  void kill(long actorId) {
    List<TaskSpec> failed = new ArrayList<>();
    ActorRecord record;
    synchronized (this) {
      record = actors.get(actorId);
      if (record == null || record.state == ActorRecord.State.DEAD) {
        return;
      }
      die(record, "it was killed with Ray.kill", failed);
      if (record.host != null) {
        record.host.process.destroyForcibly();
      }
    }
    failAll(record, failed);
  }

  /** The host process ended: restart the actor if it may, else it is dead. */
  void hostExited(Worker host, int exitCode) {
    List<TaskSpec> failed = new ArrayList<>();
    List<TaskSpec> stored;
    ActorRecord record;
    synchronized (this) {
      record = actors.get(host.actorId);
      if (record == null || record.host != host || record.state == ActorRecord.State.DEAD) {
        return;
      }
      stored = takeStored(record);
      String how = "its process (pid=" + host.pid() + ") died with exit code " + exitCode;
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
        record.host = hostLauncher.apply(record.id);
      } else {
        die(record, how + (record.restarts > 0 ? " after " + record.restarts + " restart(s)" : "")
            + " and it may not restart (maxRestarts=" + record.maxRestarts + ")", failed);
      }
    }
    stored.forEach(call -> ends.storedBeforeDeath(call.taskId(), call));
    failAll(record, failed);
  }

  /**
   * Takes from the in-flight calls those whose result the dead host had stored (its TASK_DONE
   * held back to go with later replies, or cut off by the death): they are done. Run again, they
   * would repeat their effects, maybe after the caller had read the result.
   */
  private List<TaskSpec> takeStored(ActorRecord record) {
    List<TaskSpec> stored = new ArrayList<>();
    record.inFlight.values().removeIf(call -> {
      if (!store.contains(call.taskId())) {
        return false;
      }
      record.retries.remove(call.taskId());
      return stored.add(call);
    });
    return stored;
  }

  /** Cancels a call that has not been sent to its actor yet; one already sent runs. */
  void cancel(long callId) {
    TaskSpec cancelled = null;
    synchronized (this) {
      for (ActorRecord record : actors.values()) {
        for (TaskSpec call : record.queue) {
          if (call.taskId() == callId) {
            cancelled = call;
            record.queue.remove(call);
            break;
          }
        }
      }
    }
    if (cancelled != null) {
      finish(cancelled, new TaskCancelledException("The call " + cancelled.displayName()
          + " was cancelled with Ray.cancel before it ran."));
    }
  }

  synchronized void stop() {
    stopped = true;
  }

  private void die(ActorRecord record, String reason, List<TaskSpec> failed) {
    record.state = ActorRecord.State.DEAD;
    record.deathReason = reason;
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
   * Sends what can be sent, in order, in one write; stops at the first call whose arguments are
   * not ready. Holds the calls back for a batch if the host is busy or they come in a burst.
   * Calls that go at once are only queued: returns the connection that the caller writes once it
   * has left this lock (see {@link #write}), or null.
   */
  private Connection pump(ActorRecord record, boolean burst) {
    Worker host = record.host;
    if (host == null || host.connection == null || record.state == ActorRecord.State.DEAD) {
      return null;
    }
    try {
      if (!record.creationSent) {
        if (!whenArgumentsReady(record, record.creation)) {
          return null;
        }
        host.connection.send(FrameType.CREATE_ACTOR, out -> {
          out.writeLong(record.id);
          out.writeUTF(record.className);
          record.creation.writeTo(out);
        });
        record.creationSent = true;
      }
      boolean holdBack = burst || record.inFlight.size() >= SEND_AT_ONCE;
      boolean queued = false;
      while (!record.queue.isEmpty()) {
        TaskSpec call = record.queue.peekFirst();
        if (!whenArgumentsReady(record, call)) {
          break;
        }
        record.queue.pollFirst();
        record.inFlight.put(call.taskId(), call);
        events.taskStarted(call.taskId(), host.pid(), record.restarts + 1);
        if (!holdBack) {
          // Not sent for later: that would wake the LateFrames thread for a call that goes now.
          host.connection.queue(FrameType.ACTOR_CALL, call::writeTo);
          queued = true;
        } else if (host.connection.sendLater(FrameType.ACTOR_CALL, call::writeTo)) {
          heldCalls.holding(host.connection);
        }
      }
      return queued ? host.connection : null;
    } catch (IOException e) {
      // The host is dying: hostExited fails or re-sends what was in flight.
      Log.debug("Could not send to {}: {}", record.describe(), e.toString());
      return null;
    }
  }

  /** Writes what {@link #pump} queued; called holding no lock. */
  private static void write(Connection queued) {
    if (queued == null) {
      return;
    }
    try {
      queued.flush();
    } catch (IOException e) {
      Log.debug("Could not send actor calls: {}", e.toString());
    }
  }

  /** True if every ref argument is in the store; else pump again once the missing one is. */
  private boolean whenArgumentsReady(ActorRecord record, TaskSpec spec) {
    for (int i = 0; i < spec.argCount(); i++) {
      long id = spec.argRefs()[i];
      if (spec.isRef(i) && !store.contains(id)) {
        if (record.waitingFor != id) {
          record.waitingFor = id;
          directory.whenReady(id).whenComplete((ready, failure) -> {
            TaskSpec failed = null;
            Connection queued;
            synchronized (this) {
              record.waitingFor = 0;
              if (failure != null && !stopped && record.queue.peekFirst() == spec) {
                // The argument failed outside the store: the call fails with it, unsent.
                failed = record.queue.pollFirst();
              }
              queued = pump(record, false);
            }
            write(queued);
            if (failed != null) {
              finish(failed, failure instanceof RayException ray ? ray
                  : new RayException("An argument of " + failed.displayName() + " failed: "
                      + failure, failure));
            }
          });
        }
        return false;
      }
    }
    return true;
  }

  private void failAll(ActorRecord record, List<TaskSpec> calls) {
    for (TaskSpec call : calls) {
      fail(call, deadMessage(record, call));
    }
  }

  private void fail(TaskSpec call, String message) {
    finish(call, new ActorDiedException(message));
  }

  private void finish(TaskSpec call, RayException error) {
    ends.fail(call.taskId(), call, 0, error);
  }

  private static String deadMessage(ActorRecord record, TaskSpec call) {
    return record.describe() + " cannot run " + call.displayName() + ": " + record.deathReason
        + ".";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
