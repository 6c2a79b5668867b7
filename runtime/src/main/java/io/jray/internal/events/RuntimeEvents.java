package io.jray.internal.events;

/**
 * What happens in the driver's runtime, for whoever keeps the session's state (the state API and
 * the dashboard). Called on the runtime's own threads, sometimes under its locks: implementations
 * must be quick and must not call back into the runtime.
 */
public interface RuntimeEvents {
  RuntimeEvents NONE = new RuntimeEvents() {};

  /** A task was submitted by the process with this pid (the driver's or a worker's). */
  default void taskSubmitted(long taskId, String displayName, long submitterPid) {}

  /** A task was sent to a worker; attempt counts from 1. */
  default void taskStarted(long taskId, long workerPid, int attempt) {}

  /** A task's result is in the store; {@code error} is null on success, else "Class: message". */
  default void taskFinished(long taskId, String error) {}

  /**
   * Where and when a task or actor call ran, as its worker measured it (microseconds since the
   * epoch); comes before {@link #taskFinished}.
   */
  default void taskRan(long taskId, long pid, long threadId, long startMicros, long endMicros) {}

  /** A worker process was started (it is not ready until {@link #workerReady}). */
  default void workerStarted(long pid) {}

  /** The worker's object ids carry this process tag (see {@code ObjectIds}). */
  default void workerTagged(long pid, int processTag) {}

  default void workerReady(long pid) {}

  default void workerExited(long pid, int exitCode) {}

  /** A worker's running task waits in get/wait ({@code blocked}) or runs again. */
  default void workerBlocked(long pid, boolean blocked) {}

  /** A line a worker printed, on stdout or stderr. */
  default void workerOutput(long pid, boolean stderr, String line) {}

  /** An actor was created; {@code name} may be null. */
  default void actorCreated(long actorId, String className, String name) {}

  /** The actor's process: pid once it is up, 0 while (re)starting. */
  default void actorState(long actorId, String state, long pid) {}

  /** The actor's next process is a JVM of its own ({@code alone}), or a host it shares. */
  default void actorHosted(long actorId, boolean alone) {}

  /** An actor method call was submitted. */
  default void actorCallSubmitted(long actorId) {}
}
