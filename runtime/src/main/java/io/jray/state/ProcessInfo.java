package io.jray.state;

import java.time.Instant;

/**
 * A process of the session: the driver, a worker, or an actor's process.
 *
 * @param pid the operating system's process id
 * @param role what the process is for
 * @param state what it is doing now
 * @param cpuPercent its CPU use over the last second, in percent of one core (so up to 100 times
 *     the cores it uses); -1 where it cannot be read (not Linux)
 * @param rssBytes its resident memory; -1 where it cannot be read
 * @param taskId the task it runs now, or null
 * @param function the function of that task, or null
 * @param actorId the actor that lives in it, or null (also for a host JVM that several actors
 *     share: see {@code actors})
 * @param tasksFinished tasks it has finished (or failed)
 * @param exitCode its exit code once it has exited, else null
 * @param startedAt when it started
 * @param actors how many live actors it hosts: 1 for an actor in a JVM of its own, up to {@code
 *     Tuning.actorsPerHost()} for a host that actors share, 0 for the driver and workers
 */
public record ProcessInfo(
    long pid,
    Role role,
    State state,
    double cpuPercent,
    long rssBytes,
    String taskId,
    String function,
    String actorId,
    long tasksFinished,
    Integer exitCode,
    Instant startedAt,
    int actors) {

  /** What a process is for. */
  public enum Role {
    /** The driver: the process that called {@code Ray.init()}. */
    DRIVER,
    /** A worker of the task pool. */
    WORKER,
    /** An actor's process, or a host JVM that several actors share. */
    ACTOR
  }

  /** What a process is doing. */
  public enum State {
    /** Started, not yet connected. */
    STARTING,
    /** Connected, with no task. */
    IDLE,
    /** Running a task. */
    BUSY,
    /** Running a task that waits in {@code Ray.get} or {@code Ray.wait}: its CPU slot is lent. */
    BLOCKED,
    /** Up (the driver, an actor's process). */
    ALIVE,
    /** Ended; kept for a while so that its logs can be read. */
    EXITED
  }
}
