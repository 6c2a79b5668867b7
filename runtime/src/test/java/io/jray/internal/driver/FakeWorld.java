package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.Tuning;
import io.jray.internal.ObjectIds;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.Outbox;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.resources.ResourceSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A world for the driver's core with no processes, no sockets and no store: workers are outboxes
 * that record frames, the store is a set of ids (and the values the driver keeps, a real
 * {@link OwnedValues} over that set), the clock moves when the test says, and every
 * effect is recorded (errors the driver stores go into the set, as the real shell would).
 */
final class FakeWorld {
  final Set<Long> store = new HashSet<>();
  final Set<Long> deleted = new HashSet<>();
  /** The small results the driver keeps; one a worker needs goes into the store set. */
  final OwnedValues owned = new OwnedValues((id, value) -> store.add(id));
  final List<Effect> effects = new ArrayList<>();
  final List<Worker> spawned = new ArrayList<>();
  final List<Worker> killed = new ArrayList<>();
  /** Lanes the core opened in shared hosts, in order. */
  final List<Worker> lanes = new ArrayList<>();
  /** Whether errors the driver stores fit in the store; if not, they fail in memory. */
  boolean storeTakesErrors = true;
  /** Where the driver's errors go instead, if set: a real shell's, for a test of it. */
  DriverCore.Shell errorShell;
  /** Memory the machine has left for new workers. */
  long availableMemory = 16L << 30;
  private long now = 1_000_000_000L;
  private final AtomicInteger tags = new AtomicInteger(2);
  private long nextId = 100;
  final DriverCore core;
  /** Told of each settled object after its error is stored, as the shell tells generators. */
  java.util.function.LongConsumer onSettled = id -> { };

  FakeWorld(int numCpus, int maxWorkers, int pipelineDepth) {
    this(ResourceSet.of(java.util.Map.of(ResourceSet.CPU, (double) numCpus)), maxWorkers,
        pipelineDepth);
  }

  /** Every actor in a process of its own, unless a test says otherwise. */
  FakeWorld(ResourceSet capacity, int maxWorkers, int pipelineDepth) {
    this(capacity, maxWorkers, pipelineDepth, 1);
  }

  FakeWorld(ResourceSet capacity, int maxWorkers, int pipelineDepth, int actorsPerHost) {
    core = new DriverCore(capacity, maxWorkers, Tuning.builder().pipelineDepth(pipelineDepth)
        .actorsPerHost(actorsPerHost).build(), new DriverCore.World(
        id -> owned.storeIfKept(id) || store.contains(id), () -> now, tags::getAndIncrement,
        () -> availableMemory,
        (ids, count) -> {
          for (int i = 0; i < count; i++) {
            deleted.add(ids[i]);
            store.remove(ids[i]);
          }
        }, owned::forget, RuntimeEvents.NONE, this::perform, owned));
  }

  private void perform(List<Effect> done) {
    for (Effect effect : done) {
      effects.add(effect);
      if (effect instanceof Effect.Spawn spawn) {
        spawned.add(spawn.worker());
      } else if (effect instanceof Effect.Kill kill) {
        killed.add(kill.worker());
      } else if (effect instanceof Effect.OpenLane open) {
        lanes.add(open.lane());
      } else if (effect instanceof Effect.Settle settle && settle.error() != null) {
        if (errorShell != null) {
          errorShell.perform(List.of(effect));
        } else if (storeTakesErrors) {
          store.add(settle.id());
          core.errorSettled(settle.id(), null);
        } else {
          core.errorSettled(settle.id(), settle.error());
        }
      }
      if (effect instanceof Effect.Settle settle) {
        onSettled.accept(settle.id());
      }
    }
  }

  void advance(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** The pool's first workers, started and connected. */
  List<Worker> startPool(int count) {
    List<Worker> workers = core.startWorkers(count);
    workers.forEach(this::connect);
    return workers;
  }

  /** The worker's process says hello. */
  void connect(Worker worker) {
    worker.outbox = new RecordingOutbox();
    core.workerConnected(worker);
  }

  /** Creates the actor {@code creation} makes (unnamed) and connects its host, returned. */
  Worker actorHost(TaskSpec creation, int maxRestarts, int maxTaskRetries) {
    core.createActor(creation.taskId(), "a.Counter", null, maxRestarts, maxTaskRetries, creation);
    return connectNewest();
  }

  /** The last worker the core asked to start that has not said hello, connected now. */
  Worker connectNewest() {
    Worker newest = spawned.get(spawned.size() - 1);
    connect(newest);
    return newest;
  }

  private final ObjectIds driverIds = new ObjectIds(ObjectIds.DRIVER_TAG);

  long newId() {
    return ++nextId;
  }

  /** A task with value arguments only. */
  TaskSpec task(String name, int maxRetries) {
    return new TaskSpec(newId(), "f#" + name, name, maxRetries, false, new byte[0][],
        new long[0], new long[0]);
  }

  /** As {@link #task(String, int)}, with an id of the driver's own (its process tag). */
  TaskSpec driversTask(String name) {
    long id = driverIds.next();
    return new TaskSpec(id, "f#" + name, name, 0, false, new byte[0][], new long[0],
        new long[0]);
  }

  /** A task with value arguments only that holds {@code resources} while it runs. */
  TaskSpec task(String name, String resources) {
    return new TaskSpec(newId(), "f#" + name, name, 0, false, new byte[0][], new long[0],
        new long[0], ResourceSet.ONE_CPU.with(ResourceSet.parse(resources).toMap()), new int[0]);
  }

  /** A task whose one argument is a ref to {@code argument}. */
  TaskSpec taskOf(String name, long argument) {
    return new TaskSpec(newId(), "f#" + name, name, 0, false, new byte[][] {null},
        new long[] {argument}, new long[0]);
  }

  /** A task whose one value argument holds a ref to {@code inside} (a list of refs, say). */
  TaskSpec taskHolding(String name, long inside) {
    return new TaskSpec(newId(), "f#" + name, name, 0, false, new byte[][] {new byte[] {1}},
        new long[] {0}, new long[] {inside});
  }

  /** The worker ran the task: its value is in the store, and it says so. */
  void finish(Worker worker, TaskSpec task) {
    store.add(task.taskId());
    core.frame(worker, new ToDriver.TaskDone(task.taskId(), null, new long[0], true));
  }

  /** The frames the core sent the worker, and forgets them. */
  static List<ToWorker> sent(Worker worker) {
    RecordingOutbox outbox = (RecordingOutbox) worker.outbox;
    List<ToWorker> frames = new ArrayList<>(outbox.frames);
    outbox.frames.clear();
    return frames;
  }

  /**
   * The worker's running task waits in get: it says so, and gives back the tasks that wait in
   * its queue, as a real worker does.
   */
  void blockAndGiveBack(Worker worker, long... queued) {
    core.frame(worker, ToDriver.Blocked.INSTANCE);
    core.frame(worker, new ToDriver.Returned(queued, new long[0]));
  }

  /** The ids of the tasks the core sent the worker to run, and forgets the frames. */
  static List<Long> executed(Worker worker) {
    List<Long> ids = new ArrayList<>();
    for (ToWorker frame : sent(worker)) {
      if (frame instanceof ToWorker.Execute execute) {
        ids.add(execute.spec().taskId());
      } else if (frame instanceof ToWorker.ExecuteBatch batch) {
        batch.specs().forEach(spec -> ids.add(spec.taskId()));
      }
    }
    return ids;
  }

  /** The error the core settled the object with, or null if it settled it as stored by a worker. */
  RayException settledError(long id) {
    RayException found = null;
    boolean settled = false;
    for (Effect effect : effects) {
      if (effect instanceof Effect.Settle settle && settle.id() == id) {
        settled = true;
        found = settle.error();
      }
    }
    if (!settled) {
      throw new AssertionError("object " + id + " was never settled");
    }
    return found;
  }

  /** The bytes of the value the object was settled with, or null if none came with it. */
  byte[] settledValue(long id) {
    byte[] found = null;
    for (Effect effect : effects) {
      if (effect instanceof Effect.Settle settle && settle.id() == id) {
        found = settle.value();
      }
    }
    return found;
  }

  boolean settled(long id) {
    return effects.stream().anyMatch(e -> e instanceof Effect.Settle s && s.id() == id);
  }

  /** Records frames instead of writing them. */
  static final class RecordingOutbox implements Outbox {
    final List<ToWorker> frames = new ArrayList<>();

    @Override
    public void queue(ToWorker frame) {
      frames.add(frame);
    }

    @Override
    public Later queueLater(ToWorker frame) {
      frames.add(frame);
      return frames.size() == 1 ? Later.FIRST_HELD : Later.NOTHING;
    }
  }
}
