package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.TaskFailedException;
import io.jray.internal.Log;
import io.jray.internal.StoredValues;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;

/**
 * The one way a task or actor call ends, whoever ends it (its process with a value or an error,
 * or the driver: a dead worker or actor, a cancel, a failed argument). In this order: the outcome
 * reaches the store (or, if the store cannot take even a small error, the directory, in memory);
 * the state sees it finished; the counts learn what the result holds and drop what the call held;
 * and last, its waiters wake, so that what they do next finds the books done.
 */
final class TaskEnds {
  private final ObjectStore store;
  private final Serializer serializer;
  private final ObjectDirectory directory;
  private final RuntimeEvents events;
  private final RefCounts refs;

  TaskEnds(ObjectStore store, Serializer serializer, ObjectDirectory directory,
      RuntimeEvents events, RefCounts refs) {
    this.store = store;
    this.serializer = serializer;
    this.directory = directory;
    this.events = events;
    this.refs = refs;
  }

  /**
   * The call's process reported it done. Its value or error is in the store, unless
   * {@code stored} is false: then the process could not store even a short error, and the ref
   * fails with {@code error}. {@code spec} is null if the driver no longer knows the call.
   */
  void reported(long id, TaskSpec spec, String error, long[] contained, boolean stored) {
    if (stored) {
      settle(id, spec, error, contained, null);
    } else {
      String name = spec == null ? "A task" : "Task " + spec.displayName();
      fail(id, spec, 0, new TaskFailedException(name + " failed: " + error, null));
    }
  }

  /**
   * The call's process died after storing its value or error, before its TASK_DONE reached the
   * driver: the stored outcome stands. The refs inside it were counted already (CONTAINS comes
   * before the store write).
   */
  void storedBeforeDeath(long id, TaskSpec spec) {
    boolean failed;
    try (StoredObject result = store.get(id)) {
      failed = result != null && result.flags() == StoredValues.ERROR;
    }
    settle(id, spec, failed ? "failed (its process died before reporting it)" : null,
        new long[0], null);
  }

  /** The driver ends the call with this error (the process that ran it, if any, is pid). */
  void fail(long id, TaskSpec spec, long pid, RayException error) {
    RayException unstored = null;
    try {
      store.put(id, StoredValues.ERROR, StoredValues.error(serializer,
          spec == null ? "?" : spec.displayName(), pid, error));
    } catch (RuntimeException e) {
      Log.warn("Could not store the error of {}, so only this process knows it: {}",
          spec == null ? "a task" : spec.displayName(), e.toString());
      unstored = error;
    }
    settle(id, spec, error.toString(), new long[0], unstored);
  }

  private void settle(long id, TaskSpec spec, String error, long[] contained,
      RayException unstored) {
    if (unstored != null) {
      // First, so that the result's count, if it drops to zero below, forgets it too.
      directory.markFailed(id, unstored);
    }
    events.taskFinished(id, error);
    refs.produced(id, contained);
    if (spec != null) {
      refs.unhold(spec.heldRefs());
    }
    if (unstored == null) {
      directory.markReady(id);
    }
  }
}
