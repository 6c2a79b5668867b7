package io.jray.internal.driver;

import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.Outbox;
import io.jray.internal.refs.LongCounts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The driver's view of one worker process. The core makes it and asks the shell to start its
 * process ({@link #attach}); mutable fields without a lock of their own are guarded by the core.
 */
final class Worker {
  final int tag;
  /** The actor this process (or lane) hosts, or 0 for a worker of the task pool or a host. */
  final long actorId;
  /**
   * For an actor's lane, the shared host it lives in (that host's own channel); for a process of
   * its own, null.
   */
  final Worker host;
  /** The own channel of a JVM that actors share: it hosts no actor itself, only their lanes. */
  final boolean sharedHost;
  /** A shared host's lanes that the shell has opened, so that its exit ends each of them. */
  final java.util.List<Worker> openedLanes = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicBoolean exited = new AtomicBoolean();
  /** An actor host's GPU devices: its process's CUDA_VISIBLE_DEVICES. Set before it spawns. */
  volatile int[] gpuIds = new int[0];
  /** Counted down once the control channel's reader has handled every frame the worker sent. */
  final CountDownLatch readerEnded = new CountDownLatch(1);

  /** Null until the shell has started it (in a test, always: a test plays the process). */
  volatile Process process;
  volatile OutputForwarder stdout;
  volatile OutputForwarder stderr;
  /**
   * It records the class-data archive as it exits: it should run tasks early, so that the
   * archive holds the classes that running one loads, not only those of starting up.
   */
  volatile boolean recordsArchive;
  /** Its end of the control channel, once it said hello; null before (and in a test). */
  volatile Connection connection;
  /** Who reads its channel: its own thread, or a caller waiting for a reply; null in a test. */
  volatile ChannelReader reader;
  /** It said a task of it waits in get, and the channels' readers were told (ChannelReader). */
  final AtomicBoolean waitTold = new AtomicBoolean();
  /** Where the core queues its frames once it said hello: the connection, or a test's. */
  volatile Outbox outbox;

  /**
   * The tasks sent to it and not finished, in the order it runs them: the first runs, the others
   * wait in its queue. Empty when idle.
   */
  final Deque<PendingTask> assigned = new ArrayDeque<>();
  /** When the first of {@link #assigned} started (the core's clock). */
  long runningSince;
  /** How many of the running task's threads wait in get or wait. */
  int blockedWaits;
  /** It gave back tasks unasked while its task runs: its task waits, so send it no more. */
  boolean givesBack;
  /** When it last became idle (the core's clock), to retire workers the pool no longer needs. */
  long idleSince;
  /** Told to stop because the pool had grown past its size: its exit is no failure. */
  boolean retired;
  /** The objects this process holds refs to. */
  final LongCounts heldRefs = new LongCounts();

  Worker(int tag, long actorId) {
    this(tag, actorId, null, false);
  }

  private Worker(int tag, long actorId, Worker host, boolean sharedHost) {
    this.tag = tag;
    this.actorId = actorId;
    this.host = host;
    this.sharedHost = sharedHost;
  }

  /** A JVM that actors will share, each on a lane of its own. */
  static Worker sharedHost(int tag) {
    return new Worker(tag, 0, null, true);
  }

  /** The lane, in {@code host}, of the actor {@code actorId}. */
  static Worker lane(int tag, long actorId, Worker host) {
    return new Worker(tag, actorId, host, false);
  }

  /** Whether this is an actor's channel in a shared host rather than a process of its own. */
  boolean isLane() {
    return host != null;
  }

  /** The lane opens in its host's process: it shares the host's output, and its pid. */
  void attachLane() {
    this.stdout = host.stdout;
    this.stderr = host.stderr;
    this.process = host.process;
  }

  /** Its process started: its output goes to the driver's console, prefixed with its pid. */
  void attach(Process process, boolean recordsArchive, RuntimeEvents events) {
    this.recordsArchive = recordsArchive;
    this.stdout = new OutputForwarder(
        process.getInputStream(), System.out, process.pid(), false, events);
    this.stderr = new OutputForwarder(
        process.getErrorStream(), System.err, process.pid(), true, events);
    this.process = process;
  }

  /** Its pid, or 0 before its process started. */
  long pid() {
    Process started = process;
    return started == null ? 0 : started.pid();
  }

  boolean hostsActor() {
    return actorId != 0;
  }

  /** The task it runs, or null when idle. */
  PendingTask running() {
    return assigned.peekFirst();
  }

  /** Tasks sent to it that wait behind the running one. */
  int queued() {
    return Math.max(0, assigned.size() - 1);
  }

  boolean blocked() {
    return blockedWaits > 0;
  }

  @Override
  public String toString() {
    if (isLane()) {
      return "actor lane(pid=" + pid() + ", tag=" + tag + ")";
    }
    return (hostsActor() ? "actor host(pid=" : sharedHost ? "shared actor host(pid="
        : "worker(pid=") + pid() + ")";
  }
}
