package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.TaskFailedException;
import io.jray.internal.ObjectIds;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import java.util.HashSet;
import java.util.Set;

/**
 * The one way a task or actor call ends, whoever ends it: its process, with a value or an error
 * in the store, or the driver (a dead worker or actor, a cancel, a failed argument, a pool that
 * cannot grow). Under the core's lock, in this order: the state sees it finished; the counts
 * learn what the result holds and drop what the call held; then the shell, once the lock is left,
 * writes the driver's error into the store (or, if the store cannot take it, fails the object in
 * memory) and wakes whoever waits, last, so that what they do next finds the books done.
 */
final class TaskEnds {
  private static final long[] NONE = new long[0];

  private final RuntimeEvents events;
  private final RefCounts refs;
  private final ArgumentWaits waits;
  private final Effects effects;
  /** The small values of the driver's calls that only the driver has. */
  private final OwnedValues owned;
  /** Ended by the driver, whose error the shell has not stored yet ({@link #errorSettled}). */
  private final Set<Long> settling = new HashSet<>();

  TaskEnds(RuntimeEvents events, RefCounts refs, ArgumentWaits waits, Effects effects,
      OwnedValues owned) {
    this.owned = owned;
    this.events = events;
    this.refs = refs;
    this.waits = waits;
    this.effects = effects;
  }

  /**
   * The call's process reported it done. Its value or error is in the store, unless
   * {@code stored} is false: then the process could not store even a short error, and the ref
   * fails with {@code error}. {@code spec} is null if the core no longer knows the call.
   */
  void reported(long id, TaskSpec spec, String error, long[] contained, boolean stored,
      long pid) {
    reported(id, spec, error, contained, stored, pid, null, false);
  }

  /**
   * As above, with a copy of the value's bytes from its process ({@code value}, or null), which
   * goes to the waiters only if this report ends a call the core knew: a report of a call it
   * ended itself (a cancel) may carry bytes that the store refused. With {@code onlyCopy} the
   * value is not in the store: the driver keeps it (see {@link OwnedValues}), and stores it at
   * once if a task or call waits for it as an argument, before that one is let go.
   */
  void reported(long id, TaskSpec spec, String error, long[] contained, boolean stored,
      long pid, byte[] value, boolean onlyCopy) {
    if (!stored) {
      String name = spec == null ? "A task" : "Task " + spec.displayName();
      fail(id, spec, pid, new TaskFailedException(name + " failed in worker (pid=" + pid
          + "): " + error, null));
      return;
    }
    events.taskFinished(id, error);
    byte[] copy = spec != null && error == null ? value : null;
    boolean kept = copy != null && onlyCopy;
    if (kept) {
      owned.keep(id, copy); // before the counts: a result nobody holds is forgotten at once
    } else if (copy != null && contained.length == 0
        && ObjectIds.processTagOf(id) == ObjectIds.DRIVER_TAG) {
      owned.keepStoredCopy(id, copy); // stored too: the driver's own gets read this one
    }
    refs.produced(id, contained);
    if (spec != null) {
      refs.unhold(spec.heldRefs());
    }
    if (kept && waits.awaits(id)) {
      owned.storeIfKept(id); // the tasks it lets go read it from the store
    }
    waits.settled(id, null);
    effects.add(new Effect.Settle(id, spec, pid, null, copy));
  }

  /**
   * The call's process stored its value or error and died before its TASK_DONE reached the
   * driver: the stored outcome stands, as if reported. Run again, the call would repeat its
   * effects, maybe after the caller had read the result. Every frame of the dead process has
   * been read, and the refs inside a result go in CONTAINS before it is stored: they are counted.
   * {@code heldValue}, if not null, is the value an actor's host kept in its held values rather
   * than the store (one without refs inside): the driver keeps it, as if it came in TASK_DONE.
   */
  void storedBeforeDeath(TaskSpec spec, long pid, byte[] heldValue) {
    reported(spec.taskId(), spec, null, NONE, true, pid, heldValue, heldValue != null);
  }

  /**
   * The driver ends the call with this error (the process that ran it, if any, is pid). Tasks
   * that wait for its result go on once the shell has stored the error ({@code settled}).
   */
  void fail(long id, TaskSpec spec, long pid, RayException error) {
    events.taskFinished(id, error.toString());
    refs.produced(id, NONE);
    if (spec != null) {
      refs.unhold(spec.heldRefs());
    }
    settling.add(id);
    effects.add(new Effect.Settle(id, spec, pid, error));
  }

  /** The shell stored the driver's error, or failed the object in memory. */
  void errorSettled(long id, RayException failure) {
    settling.remove(id);
    waits.settled(id, failure);
  }

  /** The error of a task that {@code Ray.cancel} ended. */
  static TaskCancelledException cancelled(TaskSpec spec) {
    return new TaskCancelledException("Task " + spec.displayName() + " ("
        + ObjectIds.hex(spec.taskId()) + ") was cancelled with Ray.cancel.");
  }

  /** Whether a task or call of the core's will still settle the object. */
  boolean settles(long id) {
    return settling.contains(id) || refs.isExpected(id);
  }
}
