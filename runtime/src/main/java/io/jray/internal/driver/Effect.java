package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.internal.protocol.TaskSpec;

/**
 * What the core decided while it held its lock and leaves to the shell, which does it once the
 * lock is left, in the order the core listed them: starting or stopping a process, writing to a
 * socket, writing an error into the store and waking whoever waits. The core itself does none of
 * these, so no thread waits for I/O while it holds the lock.
 */
sealed interface Effect {
  /** Start the worker's process (the core made the worker). */
  record Spawn(Worker worker) implements Effect {}

  /**
   * End the worker's process; its exit comes back as an event. For an actor's lane in a shared
   * host, close the lane: that actor ends alone, and the lane's end comes back as its exit.
   */
  record Kill(Worker worker) implements Effect {}

  /**
   * Tell the lane's shared host, which has said hello, to open the lane: the lane's hello is
   * expected from then on, and the host's exit ends the lane.
   */
  record OpenLane(Worker lane) implements Effect {}

  /** Write the frames the core queued on the worker's outbox. */
  record Flush(Worker worker) implements Effect {}

  /**
   * Frames to the worker wait for more to go with them: whoever waits for any object writes
   * them first, since the object may be one of their results.
   */
  record HeldBack(Worker worker) implements Effect {}

  /**
   * A task or call ended. If {@code error} is not null the driver ended it and the error goes
   * into the store under {@code id} first (or, if the store cannot take it, fails the object in
   * memory); then whoever waits for the object wakes, with {@code value}, a copy of the stored
   * value's bytes, if its process sent one (null otherwise).
   */
  record Settle(long id, TaskSpec spec, long pid, RayException error, byte[] value)
      implements Effect {
    Settle(long id, TaskSpec spec, long pid, RayException error) {
      this(id, spec, pid, error, null);
    }
  }

  /**
   * Send a task to the job host of a cluster's node ({@code slot}); {@code ids} are where the
   * objects it refers to are, by slot, where that is not their own id's slot.
   */
  record Execute(int slot, TaskSpec spec, long[] ids, int[] slots) implements ToCluster {}

  /**
   * Create an actor in the job host of {@code slot} (a detached one in that node's detached
   * host, named {@code name} or null); ids/slots as for Execute. {@code restart}: it lived on a
   * node that was lost.
   */
  record CreateRemoteActor(int slot, String className, String name, ActorSettings settings,
      int maxRestarts, int maxTaskRetries, TaskSpec creation, long[] ids, int[] slots,
      boolean restart) implements ToCluster {
    boolean detached() {
      return settings.detached();
    }
  }

  /** Send a call to an actor in the job host of {@code slot}; ids/slots as for Execute. */
  record CallRemoteActor(int slot, long actorId, TaskSpec call, long[] ids, int[] slots)
      implements ToCluster {}

  /** End an actor in the job host of {@code slot} for good. */
  record KillRemoteActor(int slot, long actorId) implements ToCluster {}

  /** Cancel a task the job host of {@code slot} runs (see Ray.cancel); the driver failed it. */
  record CancelRemoteTask(int slot, long id, boolean force, boolean recursive)
      implements ToCluster {}

  /**
   * A job host's worker called an actor that lives elsewhere in the job: send the call to the
   * driver, which knows where (see ForwardedCalls).
   */
  record ForwardCall(long actorId, TaskSpec call) implements ToCluster {}

  /** A job host's worker killed an actor this job host does not know: its driver kills it. */
  record ForwardKill(long actorId) implements ToCluster {}

  /**
   * Tell the job host of {@code toSlot} how a call it forwarded ended: its result is stored in
   * the job host of {@code atSlot}, or in the driver's store for slot 0 ({@code errorClass}
   * null), or it failed.
   */
  record TellForwarded(int toSlot, long id, int atSlot, String errorClass, String error)
      implements ToCluster {}

  /** A message to a cluster's job host, which the shell hands to the cluster link. */
  sealed interface ToCluster extends Effect {}

  /** The object's only copy is gone (its node died): whoever waits for it fails with this. */
  record Lost(long id, RayException error) implements Effect {}

  /** Look at the clock again (the core's {@code tick}) no later than this (the core's clock). */
  record TickAt(long nanos) implements Effect {}
}
