package io.jray.internal.driver;

import io.jray.TaskCancelledException;
import io.jray.WorkerDiedException;
import io.jray.internal.ObjectIds;
import io.jray.internal.Log;
import io.jray.internal.StoredValues;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Decides which task runs where. A task waits until every ref it was given is in the store, then
 * queues for an idle worker; at most {@code numCpus} tasks run at once. A task that waits in
 * {@code get} gives its slot back, and when every worker is busy or waiting the pool grows, so
 * nested tasks cannot deadlock it (Ray does the same).
 */
final class Scheduler {
  private final int numCpus;
  private final int maxWorkers;
  private final ObjectStore store;
  private final Serializer serializer;
  private final ObjectDirectory directory;
  private final Supplier<Worker> spawner;
  private final RuntimeEvents events;
  private final RefCounts refs;

  private static final long IDLE_BEFORE_RETIRING_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final TaskQueue queue = new TaskQueue();
  /** Every task not yet finished, by id: waiting for arguments, queued or running. */
  private final Map<Long, PendingTask> unfinished = new HashMap<>();
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final Set<Worker> connected = new HashSet<>();
  private int starting;
  private int runningSlots;
  private boolean stopped;
  /** Workers started while others waited in get go again once idle for a while, as in Ray. */
  private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "jray-pool-retirer");
    thread.setDaemon(true);
    return thread;
  });

  Scheduler(int numCpus, ObjectStore store, Serializer serializer, ObjectDirectory directory,
      Supplier<Worker> spawner, RuntimeEvents events, RefCounts refs) {
    this.numCpus = numCpus;
    this.maxWorkers = numCpus * 4 + 16;
    this.store = store;
    this.serializer = serializer;
    this.directory = directory;
    this.spawner = spawner;
    this.events = events;
    this.refs = refs;
    retirer.scheduleWithFixedDelay(this::retireIdleExtraWorkers, 500, 500, TimeUnit.MILLISECONDS);
  }

  /** Starts the first workers; they count as ready once they say hello. */
  synchronized List<Worker> startWorkers(int count) {
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      workers.add(spawn());
    }
    return workers;
  }

  /** Takes a task from the driver ({@code submitter} null) or from a worker's running task. */
  void submit(TaskSpec spec, Worker submitter) {
    events.taskSubmitted(spec.taskId(), spec.displayName(),
        submitter == null ? ProcessHandle.current().pid() : submitter.pid());
    PendingTask task = new PendingTask(spec);
    synchronized (this) {
      PendingTask parent = submitter == null ? null : submitter.running;
      task.depth = parent == null ? (submitter == null ? 0 : 1) : parent.depth + 1;
    }
    refs.expect(spec.taskId());
    refs.hold(spec.heldRefs());
    synchronized (this) {
      unfinished.put(spec.taskId(), task);
    }
    List<Long> missing = new ArrayList<>();
    for (int i = 0; i < spec.argCount(); i++) {
      if (spec.isRef(i) && !store.contains(spec.argRefs()[i])) {
        missing.add(spec.argRefs()[i]);
      }
    }
    if (missing.isEmpty()) {
      enqueue(task);
      return;
    }
    synchronized (this) {
      task.missingArguments = missing.size();
    }
    for (long id : missing) {
      directory.whenReady(id).thenRun(() -> argumentReady(task));
    }
  }

  private void argumentReady(PendingTask task) {
    boolean ready;
    synchronized (this) {
      ready = --task.missingArguments == 0;
    }
    if (ready) {
      enqueue(task);
    }
  }

  private synchronized void enqueue(PendingTask task) {
    if (task.cancelled) {
      return;
    }
    queue.addLast(task);
    dispatch();
  }

  synchronized void workerConnected(Worker worker) {
    if (worker.exited.get()) {
      return; // it died between its hello and our reading it: workerExited counts it
    }
    events.workerReady(worker.pid());
    starting--;
    connected.add(worker);
    worker.idleSince = System.nanoTime();
    idle.addLast(worker);
    dispatch();
  }

  void taskDone(Worker worker, long taskId, String error, long[] contained) {
    events.taskFinished(taskId, error);
    PendingTask finished;
    synchronized (this) {
      finished = unfinished.remove(taskId);
    }
    refs.produced(taskId, contained);
    directory.markReady(taskId);
    if (finished != null) {
      refs.unhold(finished.spec.heldRefs());
    }
    synchronized (this) {
      if (worker.running != null && worker.running.spec.taskId() == taskId) {
        release(worker);
        worker.idleSince = System.nanoTime();
        idle.addFirst(worker);
      }
      dispatch();
    }
  }

  synchronized void blocked(Worker worker) {
    if (worker.running != null && worker.blockedWaits++ == 0) {
      events.workerBlocked(worker.pid(), true);
      runningSlots--;
      dispatch();
    }
  }

  synchronized void unblocked(Worker worker) {
    if (worker.running != null && worker.blockedWaits > 0 && --worker.blockedWaits == 0) {
      events.workerBlocked(worker.pid(), false);
      runningSlots++;
    }
  }

  /** A worker's process ended or its channel closed: retry its task, replace it. */
  void workerExited(Worker worker, String how) {
    PendingTask failed = null;
    synchronized (this) {
      if (worker.retired) {
        return;
      }
      if (connected.remove(worker)) {
        idle.remove(worker);
      } else {
        starting--;
      }
      PendingTask task = worker.running;
      if (task != null) {
        release(worker);
        if (task.cancelled) {
          unfinished.remove(task.spec.taskId());
        } else if (mayRetry(task) && !stopped) {
          Log.warn("Worker (pid={}) running {} {}; retrying ({} of {} retries)", worker.pid(),
              task, how, task.attempts, task.spec.maxRetries());
          queue.addFirst(task);
        } else {
          unfinished.remove(task.spec.taskId());
          failed = task;
        }
      }
      if (!stopped && connected.size() + starting < numCpus) {
        spawn();
      }
      dispatch();
    }
    if (failed != null) {
      TaskSpec spec = failed.spec;
      WorkerDiedException error = new WorkerDiedException("Task " + spec.displayName()
          + " failed: its worker process (pid=" + worker.pid() + ") " + how + ", after "
          + failed.attempts + " attempt(s) (maxRetries=" + spec.maxRetries()
          + "). Look at the worker's output above for the reason.");
      store.put(spec.taskId(), StoredValues.ERROR,
          StoredValues.error(serializer, spec.displayName(), worker.pid(), error));
      events.taskFinished(spec.taskId(), error.toString());
      refs.produced(spec.taskId(), new long[0]);
      directory.markReady(spec.taskId());
      refs.unhold(spec.heldRefs());
    }
  }

  /**
   * Cancels a task that has not finished: a waiting or queued one never runs; a running one's
   * worker is stopped (and replaced). Returns false if no such task is unfinished.
   */
  boolean cancel(long taskId) {
    PendingTask task;
    synchronized (this) {
      task = unfinished.remove(taskId);
      if (task == null) {
        return false;
      }
      task.cancelled = true;
      queue.remove(task);
    }
    TaskCancelledException error = new TaskCancelledException("Task " + task.spec.displayName()
        + " (" + ObjectIds.hex(taskId) + ") was cancelled with Ray.cancel.");
    store.put(taskId, StoredValues.ERROR,
        StoredValues.error(serializer, task.spec.displayName(), 0, error));
    events.taskFinished(taskId, error.toString());
    refs.produced(taskId, new long[0]);
    directory.markReady(taskId);
    refs.unhold(task.spec.heldRefs());
    synchronized (this) {
      for (Worker worker : connected) {
        if (worker.running == task) {
          // The only way to stop user code for sure: end its process; a new worker replaces it.
          worker.process.destroyForcibly();
        }
      }
    }
    return true;
  }

  /** Stops workers beyond numCpus that have been idle for a second. */
  private synchronized void retireIdleExtraWorkers() {
    long now = System.nanoTime();
    for (Worker worker : new ArrayList<>(idle)) {
      if (connected.size() <= numCpus || stopped) {
        return;
      }
      if (now - worker.idleSince > IDLE_BEFORE_RETIRING_NANOS) {
        idle.remove(worker);
        connected.remove(worker);
        worker.retired = true;
        Log.debug("Retiring {}: the pool is back to {} workers", worker, connected.size());
        try {
          worker.connection.send(FrameType.SHUTDOWN);
        } catch (IOException e) {
          worker.process.destroyForcibly();
        }
      }
    }
  }

  synchronized void stop() {
    retirer.shutdownNow();
    stopped = true;
    queue.clear();
  }

  private static boolean mayRetry(PendingTask task) {
    return task.spec.maxRetries() < 0 || task.attempts <= task.spec.maxRetries();
  }

  private void release(Worker worker) {
    if (!worker.blocked()) {
      runningSlots--;
    }
    worker.running = null;
    worker.blockedWaits = 0;
  }

  private void dispatch() {
    while (!stopped && !queue.isEmpty() && runningSlots < numCpus) {
      Worker worker = idle.pollFirst();
      if (worker == null) {
        growIfAllBlocked();
        return;
      }
      PendingTask task = queue.pollFirst();
      task.attempts++;
      worker.running = task;
      runningSlots++;
      events.taskStarted(task.spec.taskId(), worker.pid(), task.attempts);
      try {
        worker.connection.send(FrameType.EXECUTE, task.spec::writeTo);
      } catch (IOException e) {
        // The worker is dying: make sure it is dead, and its exit retries the task.
        Log.debug("Could not send {} to {}: {}", task, worker, e.toString());
        worker.process.destroyForcibly();
      }
    }
  }

  /** Slots are free but every worker is busy: some wait in get, so start one more. */
  private void growIfAllBlocked() {
    if (starting == 0 && connected.size() < maxWorkers && connected.size() >= numCpus) {
      Log.debug("All {} workers are busy or waiting: starting one more", connected.size());
      spawn();
    }
  }

  private Worker spawn() {
    starting++;
    return spawner.get();
  }
}
