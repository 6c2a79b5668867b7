package io.jray.internal.driver;

import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.ToWorker;

import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.StoredValues;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Does what the {@link DriverCore} decided, on the thread that applied the event, after the
 * core's lock is left: starts and ends worker processes, writes frames, stores the driver's
 * errors, wakes waiters, and keeps the core's clock ticking.
 */
final class CoreShell implements DriverCore.Shell, AutoCloseable {
  /** How often the core looks at the clock even if nothing asked: to retire idle workers. */
  private static final long TICK_MILLIS = 500;

  private final WorkerLauncher launcher;
  private final ConcurrentHashMap<Integer, Worker> launched;
  private final RuntimeEvents events;
  private final ObjectDirectory directory;
  private final HeldCalls heldCalls;
  private final ObjectStore store;
  private final Serializer serializer;
  /** Told when a started process ends (or could not start: exit code -1). */
  private final BiConsumer<Worker, String> processEnded;
  private volatile Consumer<Effect.ToCluster> remote;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "jray-core-clock");
    thread.setDaemon(true);
    return thread;
  });
  private volatile DriverCore core;
  /** Told of each call's result once it settled and its waiters woke (generators end there). */
  private volatile LongConsumer settled = id -> { };

  CoreShell(WorkerLauncher launcher, ConcurrentHashMap<Integer, Worker> launched,
      RuntimeEvents events, ObjectDirectory directory, HeldCalls heldCalls, ObjectStore store,
      Serializer serializer, BiConsumer<Worker, String> processEnded) {
    this.launcher = launcher;
    this.launched = launched;
    this.events = events;
    this.directory = directory;
    this.heldCalls = heldCalls;
    this.store = store;
    this.serializer = serializer;
    this.processEnded = processEnded;
  }

  /** Sends tasks and actor calls to a cluster's job hosts: set once a driver joins a cluster. */
  void sendRemoteWith(Consumer<Effect.ToCluster> sender) {
    this.remote = sender;
  }

  /** Tells {@code listener} of each call's result once it has settled. */
  void onSettled(LongConsumer listener) {
    this.settled = listener;
  }

  /** The core whose effects this performs; its clock starts now. */
  void drive(DriverCore core) {
    this.core = core;
    timer.scheduleWithFixedDelay(core::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void perform(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Flush flush) {
        flush(flush.worker());
      } else if (effect instanceof Effect.Settle settle) {
        settle(settle);
        settled.accept(settle.id());
      } else if (effect instanceof Effect.HeldBack held) {
        heldCalls.holding(held.worker().connection);
      } else if (effect instanceof Effect.Spawn spawn) {
        spawn(spawn.worker());
      } else if (effect instanceof Effect.Kill kill) {
        kill(kill.worker());
      } else if (effect instanceof Effect.OpenLane open) {
        openLane(open.lane());
      } else if (effect instanceof Effect.ToCluster message) {
        Consumer<Effect.ToCluster> sender = remote;
        if (sender != null) {
          sender.accept(message);
        }
      } else if (effect instanceof Effect.Lost lost) {
        directory.markFailed(lost.id(), lost.error());
      } else if (effect instanceof Effect.TickAt at) {
        long delay = Math.max(0, at.nanos() - System.nanoTime());
        try {
          timer.schedule(core::tick, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
          // The session ended: no more ticks.
        }
      }
    }
  }

  private static void flush(Worker worker) {
    try {
      worker.connection.flush();
    } catch (IOException e) {
      // The worker is dying: make sure it is dead, and its exit retries its work.
      Log.debug("Could not write to {}: {}", worker, e.toString());
      kill(worker);
    }
  }

  /** Ends a worker's process; a lane is closed instead, and its host lives on. */
  private static void kill(Worker worker) {
    if (worker.isLane()) {
      Connection lane = worker.connection;
      if (lane != null) {
        lane.close(); // its reader sees the end: the lane's exit follows
      }
      return;
    }
    Process process = worker.process;
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private void openLane(Worker lane) {
    Worker host = lane.host;
    lane.attachLane();
    launched.put(lane.tag, lane);
    host.openedLanes.add(lane);
    events.workerTagged(lane.pid(), lane.tag);
    try {
      host.connection.send(new ToWorker.OpenLane(lane.tag));
    } catch (IOException e) {
      Log.debug("Could not open a lane in {}: {}", host, e.toString());
    }
    if (host.exited.get()) {
      processEnded.accept(lane, null); // the host's exit came before the lane was listed
    }
  }

  /**
   * An error of the driver's goes into the store, or, where the store cannot take even that,
   * fails the object in memory; then the core forgets the call, and only then do its waiters
   * wake. In the other order a get that asked the core in between (ObjectDirectory.whenMade)
   * would wait for an end that had already woken everyone: a toFuture of an actor's call that
   * failed as its host died waited forever so (ActorsIT's restart test, about one run in eight).
   */
  private void settle(Effect.Settle settle) {
    RayException error = settle.error();
    if (error == null) {
      directory.markReady(settle.id(), settle.value());
      return;
    }
    String name = settle.spec() == null ? "?" : settle.spec().displayName();
    try {
      store.put(settle.id(), StoredValues.ERROR,
          StoredValues.error(serializer, name, settle.pid(), error));
    } catch (RuntimeException e) {
      Log.warn("Could not store the error of {}, so only the driver knows it: {}", name,
          e.toString());
      // Known before the core forgets the call (a get in between finds it), and again after,
      // for a get that asked the core before.
      directory.markFailed(settle.id(), error);
      core.errorSettled(settle.id(), error);
      directory.markFailed(settle.id(), error);
      return;
    }
    core.errorSettled(settle.id(), null);
    directory.markReady(settle.id());
  }

  private void spawn(Worker worker) {
    Process process;
    try {
      process = launcher.launch(worker.tag, worker.gpuIds);
    } catch (RuntimeException e) {
      Log.warn("Could not start a worker process: {}", e.toString());
      // Later, on the clock's thread: an actor that restarts would spawn again from here.
      timer.execute(() -> processEnded.accept(worker, "could not be started: " + e.getMessage()));
      return;
    }
    worker.attach(process, launcher.recordsArchive(process), events);
    launched.put(worker.tag, worker);
    events.workerStarted(worker.pid());
    events.workerTagged(worker.pid(), worker.tag);
    process.onExit().thenRun(() -> {
      processEnded.accept(worker, null);
      // A shared host's actors die with it, each on its own lane, after the host's own end.
      for (Worker lane : worker.openedLanes) {
        processEnded.accept(lane, null);
      }
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
