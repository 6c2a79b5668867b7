package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.WorkerDiedException;
import io.jray.internal.ObjectIds;
import io.jray.internal.Log;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides which task runs where. A task waits until every ref it was given is in the store, then
 * queues for an idle worker; at most {@code numCpus} tasks run at once. A task that waits in
 * {@code get} gives its slot back, and when every worker is busy or waiting the pool grows, so
 * nested tasks cannot deadlock it (Ray does the same).
 *
 * <p>When no worker is idle, up to {@link #PIPELINE_DEPTH} more tasks go to each busy worker to
 * wait in its own queue, so that it starts the next as soon as one ends instead of idling for a
 * round trip to the driver. They do not run until then, and they come back when they could be
 * stuck: a worker whose task waits in get gives back its queue, and a worker whose task has run
 * for {@link #STUCK_AFTER_NANOS} while another worker idles is asked for them (RECALL).
 */
final class Scheduler {
  private final int numCpus;
  /** The most workers the pool may grow to while tasks wait in get; 0: as memory allows. */
  private final int maxWorkers;
  /** Bytes of memory available to start processes (-1 if unknown). */
  private final LongSupplier availableMemory;
  /** What a new worker may come to take: its JVM, classes, heap and store mappings. */
  private static final long MEMORY_PER_NEW_WORKER = 256L << 20;
  /** Memory the pool leaves to everything else on the machine. */
  private static final long MEMORY_RESERVE = 512L << 20;
  private final ObjectStore store;
  private final ObjectDirectory directory;
  private final TaskEnds ends;
  private final Supplier<Worker> spawner;
  private final RuntimeEvents events;
  private final RefCounts refs;

  private static final long IDLE_BEFORE_RETIRING_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Tasks that may wait in a busy worker's queue behind the one it runs. */
  final int PIPELINE_DEPTH;
  /** A worker takes more only once its queue is down to this, so that tasks go in batches. */
  private final int REFILL_AT;
  /**
   * A task running this long may run much longer: the worker gets no more, and what waits behind
   * it goes to idle workers.
   */
  private static final long STUCK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final TaskQueue queue = new TaskQueue();
  /** Every task not yet finished, by id: waiting for arguments, queued or running. */
  private final Map<Long, PendingTask> unfinished = new HashMap<>();
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final Set<Worker> connected = new HashSet<>();
  /** Workers whose connection holds tasks queued under this lock and not yet written. */
  private final ConcurrentLinkedQueue<Worker> unsent = new ConcurrentLinkedQueue<>();
  private int starting;
  /** Workers to start, and tasks to end, once the lock is left ({@link #performEffects}). */
  private int spawnsOwed;
  private final List<Runnable> endsOwed = new ArrayList<>();
  private int runningSlots;
  private boolean stopped;
  private boolean stuckCheckPending;
  /**
   * Retires workers started while others waited in get once they idle for a while, as in Ray, and
   * looks again for tasks stuck behind a long one.
   */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "jray-scheduler-timer");
    thread.setDaemon(true);
    return thread;
  });

  Scheduler(int numCpus, int maxWorkers, LongSupplier availableMemory, ObjectStore store,
      ObjectDirectory directory, TaskEnds ends, Supplier<Worker> spawner, RuntimeEvents events,
      RefCounts refs, int pipelineDepth) {
    this.PIPELINE_DEPTH = pipelineDepth;
    this.REFILL_AT = pipelineDepth / 2;
    this.numCpus = numCpus;
    this.maxWorkers = maxWorkers;
    this.availableMemory = availableMemory;
    this.store = store;
    this.directory = directory;
    this.ends = ends;
    this.spawner = spawner;
    this.events = events;
    this.refs = refs;
    timer.scheduleWithFixedDelay(this::retireIdleExtraWorkers, 500, 500, TimeUnit.MILLISECONDS);
  }

  /** Starts the first workers; they count as ready once they say hello. */
  List<Worker> startWorkers(int count) {
    synchronized (this) {
      starting += count;
    }
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      workers.add(spawner.get());
    }
    return workers;
  }

  /** Takes a task from the driver ({@code submitter} null) or from a worker's running task. */
  void submit(TaskSpec spec, Worker submitter) {
    events.taskSubmitted(spec.taskId(), spec.displayName(),
        submitter == null ? ProcessHandle.current().pid() : submitter.pid());
    PendingTask task = new PendingTask(spec);
    synchronized (this) {
      PendingTask parent = submitter == null ? null : submitter.running();
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
      directory.whenReady(id).whenComplete((ready, failure) -> {
        if (failure == null) {
          argumentReady(task);
        } else {
          argumentFailed(task, failure);
        }
      });
    }
  }

  /**
   * An argument failed without reaching the store (or the session ends): the task fails with
   * its error, as it would have in its worker, without running.
   */
  private void argumentFailed(PendingTask task, Throwable failure) {
    synchronized (this) {
      if (stopped || unfinished.remove(task.spec.taskId()) == null) {
        return; // failed by another argument, cancelled, or the session is over
      }
      task.cancelled = true;
    }
    RayException error = failure instanceof RayException ray ? ray
        : new RayException("An argument of " + task.spec.displayName() + " failed: " + failure,
            failure);
    ends.fail(task.spec.taskId(), task.spec, 0, error);
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

  private void enqueue(PendingTask task) {
    synchronized (this) {
      if (task.cancelled) {
        return;
      }
      queue.addLast(task);
      if (task.depth > 0) {
        recallShallower(task.depth);
      }
      dispatch();
    }
    performEffects();
  }

  /**
   * A nested task is ready: tasks less deep that wait in workers' queues come back, so that they
   * do not start before it. Otherwise a parent could start and wait in get on a worker whose next
   * task would have been another parent's child (the queue runs the deepest first).
   */
  private void recallShallower(int depth) {
    for (Worker worker : connected) {
      if (worker.queued() == 0) {
        continue;
      }
      List<PendingTask> shallower = new ArrayList<>();
      for (PendingTask task : worker.assigned) {
        if (task != worker.running() && !task.recalled && !task.cancelled && task.depth < depth) {
          shallower.add(task);
        }
      }
      if (!shallower.isEmpty()) {
        recall(worker, shallower);
      }
    }
  }

  void workerConnected(Worker worker) {
    synchronized (this) {
      if (worker.exited.get()) {
        return; // it died between its hello and our reading it: workerExited counts it
      }
      events.workerReady(worker.pid());
      starting--;
      connected.add(worker);
      worker.idleSince = System.nanoTime();
      if (worker.recordsArchive) {
        idle.addFirst(worker); // the session's first task goes to it, and so into the archive
      } else {
        idle.addLast(worker);
      }
      dispatch();
    }
    performEffects();
  }

  void taskDone(Worker worker, long taskId, String error, long[] contained, boolean stored) {
    PendingTask finished;
    synchronized (this) {
      finished = unfinished.remove(taskId);
      PendingTask running = worker.running();
      if (running != null && running.spec.taskId() == taskId) {
        worker.assigned.pollFirst();
        running.worker = null;
        stopRunning(worker);
        runNext(worker);
      }
      dispatch();
    }
    performEffects();
    // Last: a caller waiting for this result goes on at once, and its next task should find the
    // worker free again rather than contend for this lock and go to another worker.
    ends.reported(taskId, finished == null ? null : finished.spec, error, contained, stored);
  }

  void blocked(Worker worker) {
    synchronized (this) {
      if (worker.running() != null && worker.blockedWaits++ == 0) {
        events.workerBlocked(worker.pid(), true);
        runningSlots--;
        dispatch();
      }
    }
    performEffects();
  }

  void unblocked(Worker worker) {
    synchronized (this) {
      if (worker.running() != null && worker.blockedWaits > 0 && --worker.blockedWaits == 0) {
        events.workerBlocked(worker.pid(), false);
        runningSlots++;
        worker.givesBack = false;
        dispatch();
      }
    }
    performEffects();
  }

  /**
   * A worker gave back tasks it had not started ({@code given}): because its task waits in get, or
   * because they were recalled. {@code kept} are tasks recalled that had started already.
   */
  void returned(Worker worker, long[] given, long[] kept) {
    synchronized (this) {
      returnedLocked(worker, given, kept);
    }
    performEffects();
  }

  private void returnedLocked(Worker worker, long[] given, long[] kept) {
    PendingTask running = worker.running();
    List<PendingTask> back = new ArrayList<>();
    boolean unasked = false;
    for (long id : given) {
      PendingTask task = assignedTask(worker, id);
      if (task == null) {
        continue;
      }
      worker.assigned.remove(task);
      task.worker = null;
      unasked |= !task.recalled;
      task.recalled = false;
      if (task == running) {
        task.attempts--; // it finished no run: the one before it ended just as it was recalled
      }
      if (!task.cancelled) {
        back.add(task);
      }
    }
    for (long id : kept) {
      PendingTask task = assignedTask(worker, id);
      if (task != null) {
        // It started: it stays marked, so that it is not recalled again.
        if (task.cancelled) {
          // It started before the worker heard of the cancel: stop it as a running one.
          worker.process.destroyForcibly();
        }
      }
    }
    if (running != null && running.worker == null) {
      stopRunning(worker);
      runNext(worker);
    } else if (unasked && running != null) {
      worker.givesBack = true;
    }
    for (int i = back.size() - 1; i >= 0; i--) {
      queue.addFirst(back.get(i));
    }
    dispatch();
  }

  private static PendingTask assignedTask(Worker worker, long taskId) {
    for (PendingTask task : worker.assigned) {
      if (task.spec.taskId() == taskId) {
        return task;
      }
    }
    return null;
  }

  /**
   * A worker's process ended or its channel closed: retry its running task, queue again the tasks
   * that waited in its queue (they never started), replace it.
   */
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
      PendingTask running = worker.running();
      if (running != null) {
        stopRunning(worker);
      }
      List<PendingTask> back = new ArrayList<>();
      for (PendingTask task : worker.assigned) {
        task.worker = null;
        task.recalled = false;
        if (task.cancelled || (stopped && task != running)) {
          unfinished.remove(task.spec.taskId());
        } else if (task != running) {
          back.add(task); // it never started: no attempt used
        } else if (mayRetry(task) && !stopped) {
          Log.warn("Worker (pid={}) running {} {}; retrying ({} of {} retries)", worker.pid(),
              task, how, task.attempts, task.spec.maxRetries());
          back.add(task);
        } else {
          unfinished.remove(task.spec.taskId());
          failed = task;
        }
      }
      worker.assigned.clear();
      for (int i = back.size() - 1; i >= 0; i--) {
        queue.addFirst(back.get(i));
      }
      if (!stopped && connected.size() + starting < numCpus) {
        spawn();
      }
      dispatch();
    }
    performEffects();
    if (failed != null) {
      TaskSpec spec = failed.spec;
      ends.fail(spec.taskId(), spec, worker.pid(), new WorkerDiedException("Task "
          + spec.displayName() + " failed: its worker process (pid=" + worker.pid() + ") " + how
          + ", after " + failed.attempts + " attempt(s) (maxRetries=" + spec.maxRetries()
          + "). Look at the worker's output above for the reason."));
    }
  }

  /**
   * Cancels a task that has not finished: a waiting or queued one never runs (one in a worker's
   * queue is recalled); a running one's worker is stopped (and replaced). Returns false if no such
   * task is unfinished.
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
    ends.fail(taskId, task.spec, 0, new TaskCancelledException("Task "
        + task.spec.displayName() + " (" + ObjectIds.hex(taskId)
        + ") was cancelled with Ray.cancel."));
    synchronized (this) {
      Worker worker = task.worker;
      if (worker != null && worker.running() == task) {
        // The only way to stop user code for sure: end its process; a new worker replaces it.
        worker.process.destroyForcibly();
      } else if (worker != null && !task.recalled) {
        recall(worker, List.of(task));
      }
    }
    performEffects();
    return true;
  }

  /** Stops workers beyond numCpus that have been idle for a second. */
  private void retireIdleExtraWorkers() {
    synchronized (this) {
      long now = System.nanoTime();
      for (Worker worker : new ArrayList<>(idle)) {
        if (connected.size() <= numCpus || stopped) {
          break;
        }
        if (now - worker.idleSince > IDLE_BEFORE_RETIRING_NANOS) {
          idle.remove(worker);
          connected.remove(worker);
          worker.retired = true;
          Log.debug("Retiring {}: the pool is back to {} workers", worker, connected.size());
          queueFrame(worker, FrameType.SHUTDOWN, out -> { });
        }
      }
    }
    performEffects();
  }

  synchronized void stop() {
    timer.shutdownNow();
    stopped = true;
    queue.clear();
  }

  private static boolean mayRetry(PendingTask task) {
    return task.spec.maxRetries() < 0 || task.attempts <= task.spec.maxRetries();
  }

  /** The worker's running task finished, came back or died with it: its slot is free. */
  private void stopRunning(Worker worker) {
    if (!worker.blocked()) {
      runningSlots--;
    }
    worker.blockedWaits = 0;
    worker.givesBack = false;
  }

  /** The first task in the worker's queue starts, or the worker is idle. */
  private void runNext(Worker worker) {
    PendingTask task = worker.running();
    if (task == null) {
      worker.idleSince = System.nanoTime();
      idle.addFirst(worker);
      return;
    }
    task.attempts++;
    runningSlots++;
    worker.runningSince = System.nanoTime();
    events.taskStarted(task.spec.taskId(), worker.pid(), task.attempts);
  }

  private void assign(Worker worker, PendingTask task, Map<Worker, List<PendingTask>> sends) {
    task.worker = worker;
    worker.assigned.addLast(task);
    if (worker.assigned.size() == 1) {
      runNext(worker);
    }
    sends.computeIfAbsent(worker, w -> new ArrayList<>(1)).add(task);
  }

  private void dispatch() {
    if (stopped) {
      return;
    }
    Map<Worker, List<PendingTask>> sends = new LinkedHashMap<>();
    while (!queue.isEmpty() && runningSlots < numCpus) {
      Worker worker = idle.pollFirst();
      if (worker == null) {
        growIfAllBlocked();
        break;
      }
      assign(worker, queue.pollFirst(), sends);
    }
    if (!queue.isEmpty() && PIPELINE_DEPTH > 0) {
      pipeline(sends);
    }
    for (Map.Entry<Worker, List<PendingTask>> send : sends.entrySet()) {
      send(send.getKey(), send.getValue());
    }
    if (queue.isEmpty() && !idle.isEmpty() && runningSlots < numCpus) {
      recallStuckTasks();
    }
  }

  /** No idle worker can take more: queue tasks in busy workers, a few to each in turn. */
  private void pipeline(Map<Worker, List<PendingTask>> sends) {
    long now = System.nanoTime();
    List<Worker> takers = new ArrayList<>();
    for (Worker worker : connected) {
      if (takesMore(worker, now) && worker.queued() <= REFILL_AT) {
        takers.add(worker);
      }
    }
    takers.sort(Comparator.comparingInt(Worker::queued));
    while (!queue.isEmpty() && !takers.isEmpty()) {
      for (Iterator<Worker> it = takers.iterator(); it.hasNext() && !queue.isEmpty(); ) {
        Worker worker = it.next();
        assign(worker, queue.pollFirst(), sends);
        if (worker.queued() >= PIPELINE_DEPTH) {
          it.remove();
        }
      }
    }
  }

  /** A worker may queue a task if it runs one that neither waits nor has run long. */
  private static boolean takesMore(Worker worker, long now) {
    PendingTask running = worker.running();
    return running != null && !running.cancelled && !worker.blocked() && !worker.givesBack
        && now - worker.runningSince < STUCK_AFTER_NANOS;
  }

  /**
   * Queues the tasks on the worker's connection, in the order they were assigned; whoever
   * dispatched writes them once it has left this lock ({@link #performEffects}).
   */
  private void send(Worker worker, List<PendingTask> tasks) {
    try {
      unsent.add(worker);
      if (tasks.size() == 1) {
        worker.connection.queue(FrameType.EXECUTE, tasks.get(0).spec::writeTo);
      } else {
        worker.connection.queue(FrameType.EXECUTE_BATCH, out -> {
          out.writeInt(tasks.size());
          for (PendingTask task : tasks) {
            task.spec.writeTo(out);
          }
        });
      }
    } catch (IOException e) {
      // The worker is dying: make sure it is dead, and its exit retries the tasks.
      Log.debug("Could not send {} to {}: {}", tasks, worker, e.toString());
      worker.process.destroyForcibly();
    }
  }

  /**
   * Does what the locked sections decided and left for later: starts workers, ends tasks that
   * cannot run, and writes the tasks that {@link #dispatch} queued. Called holding no lock, so
   * that the reader of a quick reply does not wait for this lock while a writer that lost its CPU
   * holds it, and no process starts under it.
   */
  private void performEffects() {
    int spawns;
    List<Runnable> ends;
    synchronized (this) {
      spawns = spawnsOwed;
      spawnsOwed = 0;
      ends = endsOwed.isEmpty() ? List.of() : new ArrayList<>(endsOwed);
      endsOwed.clear();
    }
    for (int i = 0; i < spawns; i++) {
      spawner.get();
    }
    ends.forEach(Runnable::run);
    Worker worker;
    while ((worker = unsent.poll()) != null) {
      try {
        worker.connection.flush();
      } catch (IOException e) {
        // The worker is dying: make sure it is dead, and its exit retries the tasks.
        Log.debug("Could not send tasks to {}: {}", worker, e.toString());
        worker.process.destroyForcibly();
      }
    }
  }

  /**
   * A worker idles while nothing is queued here: the tasks waiting behind one that has run long
   * come back, for the idle workers. Tasks behind a young one are looked at again once it is old.
   */
  private void recallStuckTasks() {
    long now = System.nanoTime();
    long nextLook = Long.MAX_VALUE;
    for (Worker worker : connected) {
      if (worker.queued() == 0) {
        continue;
      }
      List<PendingTask> waiting = new ArrayList<>();
      for (PendingTask task : worker.assigned) {
        if (task != worker.running() && !task.recalled && !task.cancelled) {
          waiting.add(task);
        }
      }
      if (waiting.isEmpty()) {
        continue;
      }
      if (now - worker.runningSince >= STUCK_AFTER_NANOS) {
        recall(worker, waiting);
      } else {
        nextLook = Math.min(nextLook, worker.runningSince + STUCK_AFTER_NANOS);
      }
    }
    if (nextLook != Long.MAX_VALUE && !stuckCheckPending) {
      stuckCheckPending = true;
      timer.schedule(this::lookForStuckTasks, nextLook - now, TimeUnit.NANOSECONDS);
    }
  }

  private void lookForStuckTasks() {
    synchronized (this) {
      stuckCheckPending = false;
      dispatch();
    }
    performEffects();
  }


  private void recall(Worker worker, List<PendingTask> tasks) {
    for (PendingTask task : tasks) {
      task.recalled = true;
    }
    queueFrame(worker, FrameType.RECALL, out -> {
      out.writeInt(tasks.size());
      for (PendingTask task : tasks) {
        out.writeLong(task.spec.taskId());
      }
    });
  }

  /** Queues a frame for {@link #performEffects} to write once this lock is left. */
  private void queueFrame(Worker worker, byte type, Connection.FrameWriter payload) {
    try {
      worker.connection.queue(type, payload);
      unsent.add(worker);
    } catch (IOException e) {
      Log.debug("Could not send frame {} to {}: {}", type, worker, e.toString());
      worker.process.destroyForcibly();
    }
  }

  /**
   * Slots are free but every worker is busy: some wait in get, so start one more while memory
   * allows. Where the pool cannot grow and no task runs, every worker waits for tasks that cannot
   * start: the first of them fails, and with it the wait of the task that needs it.
   */
  private void growIfAllBlocked() {
    if (starting > 0 || connected.size() < numCpus) {
      return; // workers are on their way
    }
    String limit = growthLimit();
    if (limit == null) {
      Log.debug("All {} workers are busy or waiting: starting one more", connected.size());
      spawn();
    } else if (runningSlots == 0 && !queue.isEmpty()) {
      PendingTask task = queue.pollFirst();
      unfinished.remove(task.spec.taskId());
      task.cancelled = true;
      RayException error = new RayException("Task " + task.spec.displayName() + " cannot start:"
          + " all " + connected.size() + " workers wait in Ray.get or Ray.wait for tasks that"
          + " have not started, and the pool cannot grow: " + limit + ". Nest tasks less deeply,"
          + " or wait for fewer tasks at once" + (maxWorkers > 0 ? ", or raise maxWorkers" : "")
          + ".");
      Log.warn("{}", error.getMessage());
      endsOwed.add(() -> ends.fail(task.spec.taskId(), task.spec, 0, error));
    }
  }

  /** Why the pool may not start another worker now, or null if it may. */
  private String growthLimit() {
    if (maxWorkers > 0 && connected.size() + starting >= maxWorkers) {
      return "it has RayConfig's maxWorkers (" + maxWorkers + ") workers";
    }
    long available = availableMemory.getAsLong();
    if (available >= 0 && available < MEMORY_PER_NEW_WORKER + MEMORY_RESERVE) {
      return "only " + (available >> 20) + " MiB of memory is available, and a worker needs"
          + " about " + (MEMORY_PER_NEW_WORKER >> 20) + " MiB beside the "
          + (MEMORY_RESERVE >> 20) + " MiB kept free";
    }
    return null;
  }

  /** The worker starts once this lock is left ({@link #performEffects}). */
  private void spawn() {
    starting++;
    spawnsOwed++;
  }
}
