package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.TaskFailedException;
import io.jray.WorkerDiedException;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.resources.NodeResources;
import io.jray.internal.resources.ResourceSet;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Decides which task runs where, and which actor may start; a part of the {@link DriverCore},
 * whose lock guards it. A task waits until every ref it was given is in the store, then queues
 * for an idle worker; it starts only when its demand ({@code TaskSpec.resources}, 1 CPU unless
 * it says otherwise) fits what the node has free ({@link NodeResources}), and holds it until it
 * ends. An actor holds its demand from its creation to its death ({@link #place}); one waiting
 * for room starts as soon as its demand fits, before the tasks queued then. A task that waits in
 * {@code get} lends its CPUs (not its GPUs nor custom resources), and when every worker is busy
 * or waiting the pool grows, so nested tasks cannot deadlock it (Ray does the same). A demand
 * larger than the node's capacity fails at once.
 *
 * <p>When no worker is idle, up to {@code pipelineDepth} more tasks go to each busy worker to
 * wait in its own queue, so that it starts the next as soon as one ends instead of idling for a
 * round trip to the driver. They do not run until then, and they come back when they could be
 * stuck: a worker whose task waits in get gives back its queue, and a worker whose task has run
 * for {@link #STUCK_AFTER_NANOS} while another worker idles is asked for them (RECALL).
 *
 * <p>It does no I/O: frames go to workers' outboxes, and starting, stopping and writing are
 * {@link Effect}s for the shell.
 */
final class Scheduler {
  private static final long IDLE_BEFORE_RETIRING_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * A task running this long may run much longer: the worker gets no more, and what waits behind
   * it goes to idle workers.
   */
  private static final long STUCK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** What a new worker may come to take: its JVM, classes, heap and store mappings. */
  private static final long MEMORY_PER_NEW_WORKER = 256L << 20;
  /** Memory the pool leaves to everything else on the machine. */
  private static final long MEMORY_RESERVE = 512L << 20;

  /** Workers the pool keeps: RayConfig's numCpus. */
  private final int numCpus;
  private final NodeResources node;
  /** Actors waiting for their demand to fit, in the order they were created. */
  private final Deque<Holder> waitingHolders = new ArrayDeque<>();
  /** The most workers the pool may grow to while tasks wait in get; 0: as memory allows. */
  private final int maxWorkers;
  /** Tasks that may wait in a busy worker's queue behind the one it runs. */
  private final int pipelineDepth;
  /** A worker takes more only once its queue is down to this, so that tasks go in batches. */
  private final int refillAt;
  /** Bytes of memory available to start processes (-1 if unknown). */
  private final LongSupplier availableMemory;
  private final LongPredicate inStore;
  private final LongSupplier clock;
  private final IntSupplier nextTag;
  private final RuntimeEvents events;
  private final RefCounts refs;
  private final ArgumentWaits waits;
  private final TaskEnds ends;
  private final Effects effects;

  private final TaskQueue queue = new TaskQueue();
  /** Every task not yet finished, by id: waiting for arguments, queued or running. */
  private final Map<Long, PendingTask> unfinished = new HashMap<>();
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final Set<Worker> connected = new HashSet<>();
  private int starting;
  private int runningSlots;
  private boolean stopped;
  /** When the shell was last asked to tick for tasks stuck behind a long one; 0 if not. */
  private long stuckCheckAt;

  /** Something other than a task that holds resources while it lives: an actor. */
  interface Holder {
    ResourceSet demand();

    /** It may start now: it holds its demand, and these GPU devices, until released. */
    void placed(int[] gpuIds);
  }

  Scheduler(NodeResources node, int maxWorkers, int pipelineDepth, LongSupplier availableMemory,
      LongPredicate inStore, LongSupplier clock, IntSupplier nextTag, RuntimeEvents events,
      RefCounts refs, ArgumentWaits waits, TaskEnds ends, Effects effects) {
    this.node = node;
    this.numCpus = (int) Math.max(1, node.capacity().units(ResourceSet.CPU) / ResourceSet.UNIT);
    this.maxWorkers = maxWorkers;
    this.pipelineDepth = pipelineDepth;
    this.refillAt = pipelineDepth / 2;
    this.availableMemory = availableMemory;
    this.inStore = inStore;
    this.clock = clock;
    this.nextTag = nextTag;
    this.events = events;
    this.refs = refs;
    this.waits = waits;
    this.ends = ends;
    this.effects = effects;
  }

  /** The worker that task {@code id} was sent to, or null (waiting, queued, or unknown). */
  Worker workerRunning(long id) {
    PendingTask task = unfinished.get(id);
    return task == null ? null : task.worker;
  }

  /** Starts the first workers; they count as ready once they say hello. */
  List<Worker> startWorkers(int count) {
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      workers.add(spawn());
    }
    return workers;
  }

  /** Takes a task from the driver ({@code submitter} null) or from a worker's running task. */
  void submit(TaskSpec spec, Worker submitter) {
    long submitterPid = submitter == null ? ProcessHandle.current().pid() : submitter.pid();
    events.taskSubmitted(spec.taskId(), spec.displayName(), submitterPid);
    if (stopped) {
      // A worker's SUBMIT read as the session ends: nobody will wait for it.
      return;
    }
    PendingTask task = new PendingTask(spec);
    PendingTask parent = submitter == null ? null : submitter.running();
    task.depth = parent == null ? (submitter == null ? 0 : 1) : parent.depth + 1;
    refs.expect(spec.taskId());
    refs.hold(spec.heldRefs());
    String infeasible = node.infeasible(spec.resources());
    if (infeasible != null) {
      ends.fail(spec.taskId(), spec, 0, new RayException("Task " + spec.displayName()
          + " can never run on this machine: " + infeasible + ". Ask for less, or give the"
          + " machine more in RayConfig."));
      return;
    }
    unfinished.put(spec.taskId(), task);
    if (parent != null && parent.cancelled && parent.cancelledRecursively) {
      cancel(spec.taskId(), parent.cancelForced, true); // submitted by a cancelled task's code
      return;
    } else if (parent != null && !parent.cancelled) {
      parent.adopt(task);
    }
    for (int i = 0; i < spec.argCount(); i++) {
      long id = spec.argRefs()[i];
      if (spec.isRef(i) && !inStore.test(id)) {
        task.missingArguments++;
        waits.await(id, (ready, failure) -> argumentSettled(task, failure));
      }
    }
    if (task.missingArguments == 0) {
      enqueue(task);
    }
  }

  /**
   * An argument is in the store, or failed outside it: then the task fails with its error, as it
   * would have in its worker, without running.
   */
  private void argumentSettled(PendingTask task, RayException failure) {
    if (task.cancelled || stopped) {
      return; // failed by another argument, cancelled, or the session is over
    }
    if (failure != null) {
      finish(task.spec.taskId());
      task.cancelled = true;
      ends.fail(task.spec.taskId(), task.spec, 0, failure);
    } else if (--task.missingArguments == 0) {
      enqueue(task);
    }
  }

  private void enqueue(PendingTask task) {
    queue.addLast(task);
    if (task.depth > 0) {
      recallShallower(task.depth);
    }
    dispatch();
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
    if (worker.exited.get()) {
      return; // it died between its hello and our reading it: workerExited counts it
    }
    events.workerReady(worker.pid());
    starting--;
    connected.add(worker);
    worker.idleSince = clock.getAsLong();
    if (worker.recordsArchive) {
      idle.addFirst(worker); // the session's first task goes to it, and so into the archive
    } else {
      idle.addLast(worker);
    }
    dispatch();
  }

  /**
   * A worker's task ended: for good, or, with {@code retry}, by an exception it is to run again
   * for, and nothing of it is stored (the worker decided, within the budget it was sent).
   * {@code value} is a copy of a small value's bytes, or null; {@code onlyCopy} if it is not in
   * the store (the driver keeps it).
   */
  void taskDone(Worker worker, long taskId, String error, long[] contained, boolean stored,
      boolean retry, byte[] value, boolean onlyCopy) {
    PendingTask running = worker.running();
    boolean ran = running != null && running.spec.taskId() == taskId;
    if (ran) {
      worker.assigned.pollFirst();
      running.worker = null;
      stopRunning(worker, running);
      runNext(worker);
    }
    if (ran && running.cancelled) {
      dispatch(); // its ref failed as it was cancelled: what it left is dropped
      return;
    }
    PendingTask unfinishedTask = unfinished.get(taskId);
    if (retry && ran && unfinishedTask == running && !stopped && mayRetry(running)) {
      Log.warn("{} threw {}; running it again ({} of {} retries)", unfinishedTask, error,
          unfinishedTask.attempts, unfinishedTask.spec.maxRetries());
      queue.addFirst(unfinishedTask);
      dispatch();
      return;
    }
    PendingTask finished = finish(taskId);
    dispatch();
    TaskSpec spec = finished == null ? null : finished.spec;
    if (retry) {
      // It may not run again after all (the session ends): nothing was stored, so fail it here.
      ends.fail(taskId, spec, worker.pid(), new TaskFailedException("Task "
          + (spec == null ? ObjectIds.hex(taskId) : spec.displayName()) + " failed in worker"
          + " (pid=" + worker.pid() + "): " + error, null));
      return;
    }
    // Last: a caller waiting for this result goes on at once, and its next task should find the
    // worker free again rather than contend for the lock and go to another worker.
    ends.reported(taskId, spec, error, contained, stored, worker.pid(), value, onlyCopy);
  }

  /** The task is unfinished no more; its children are its parent's now. */
  private PendingTask finish(long taskId) {
    PendingTask task = unfinished.remove(taskId);
    if (task != null) {
      task.finished();
    }
    return task;
  }

  void blocked(Worker worker) {
    if (worker.running() != null && worker.blockedWaits++ == 0) {
      events.workerBlocked(worker.pid(), true);
      runningSlots--;
      node.lendCpus(worker.running().spec.resources());
      dispatch();
    }
  }

  void unblocked(Worker worker) {
    if (worker.running() != null && worker.blockedWaits > 0 && --worker.blockedWaits == 0) {
      events.workerBlocked(worker.pid(), false);
      runningSlots++;
      node.reclaimCpus(worker.running().spec.resources());
      worker.givesBack = false;
      dispatch();
    }
  }

  /**
   * A worker gave back tasks it had not started ({@code given}): because its task waits in get, or
   * because they were recalled. {@code kept} are tasks recalled that had started already.
   */
  void returned(Worker worker, long[] given, long[] kept) {
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
      if (task != null && task.cancelled) {
        // It started before the worker heard of the cancel: stop it as a running one. (A task
        // that started stays marked recalled, so that it is not recalled again.)
        if (task.cancelForced) {
          effects.add(new Effect.Kill(worker));
        } else {
          send(worker, new ToWorker.CancelTask(id));
        }
      }
    }
    if (running != null && running.worker == null) {
      stopRunning(worker, running);
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
   * A worker's process ended and its channel was read to the end: retry its running task, queue
   * again the tasks that waited in its queue (they never started), replace it.
   */
  void workerExited(Worker worker, String how) {
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
      stopRunning(worker, running);
    }
    PendingTask failed = null;
    PendingTask stored = null;
    List<PendingTask> back = new ArrayList<>();
    for (PendingTask task : worker.assigned) {
      task.worker = null;
      task.recalled = false;
      if (task.cancelled || (stopped && task != running)) {
        finish(task.spec.taskId());
      } else if (task == running && inStore.test(task.spec.taskId())) {
        // It stored its outcome and died before its TASK_DONE was sent: see storedBeforeDeath.
        finish(task.spec.taskId());
        stored = task;
      } else if (task != running) {
        back.add(task); // it never started: no attempt used
      } else if (mayRetry(task) && !stopped) {
        Log.warn("Worker (pid={}) running {} {}; retrying ({} of {} retries)", worker.pid(),
            task, how, task.attempts, task.spec.maxRetries());
        back.add(task);
      } else {
        finish(task.spec.taskId());
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
    if (stored != null) {
      ends.storedBeforeDeath(stored.spec, worker.pid(), null);
    }
    if (failed != null) {
      TaskSpec spec = failed.spec;
      ends.fail(spec.taskId(), spec, worker.pid(), new WorkerDiedException("Task "
          + spec.displayName() + " failed: its worker process (pid=" + worker.pid() + ") " + how
          + ", after " + failed.attempts + " attempt(s) (maxRetries=" + spec.maxRetries()
          + "). Look at the worker's output above for the reason."));
    }
  }

  /** As {@link #cancel(long, boolean, boolean)}: forced, not recursive. */
  boolean cancel(long taskId) {
    return cancel(taskId, true, false);
  }

  /**
   * Cancels a task that has not finished; its ref fails at once, and it never runs again. A
   * waiting or queued one never runs (one in a worker's queue is recalled). A running one's
   * worker is stopped and replaced ({@code force}: the only way to stop user code for sure), or
   * its thread is interrupted: the worker stays, and stays busy until the task's code returns
   * (what it leaves is dropped). With {@code recursive}, the unfinished tasks it submitted, and
   * theirs, are cancelled the same way. Returns false if no such task is unfinished.
   */
  boolean cancel(long taskId, boolean force, boolean recursive) {
    PendingTask task = unfinished.get(taskId);
    if (task == null) {
      return false;
    }
    List<PendingTask> children = task.children == null ? List.of() : List.copyOf(task.children);
    finish(taskId);
    task.cancelled = true;
    task.cancelForced = force;
    task.cancelledRecursively = recursive;
    queue.remove(task);
    ends.fail(taskId, task.spec, 0, TaskEnds.cancelled(task.spec));
    Worker worker = task.worker;
    if (worker != null && worker.running() == task) {
      if (force) {
        effects.add(new Effect.Kill(worker));
      } else {
        send(worker, new ToWorker.CancelTask(taskId));
        recallQueued(worker); // they would wait for as long as it ignores the interrupt
      }
    } else if (worker != null && !task.recalled) {
      recall(worker, List.of(task));
    }
    if (recursive) {
      for (PendingTask child : children) {
        cancel(child.spec.taskId(), force, true);
      }
    }
    return true;
  }

  /** The tasks waiting in the worker's queue behind the one it runs come back. */
  private void recallQueued(Worker worker) {
    List<PendingTask> waiting = new ArrayList<>();
    for (PendingTask task : worker.assigned) {
      if (task != worker.running() && !task.recalled && !task.cancelled) {
        waiting.add(task);
      }
    }
    if (!waiting.isEmpty()) {
      recall(worker, waiting);
    }
  }

  /**
   * An actor is created: it holds its demand from now, if that fits, or as soon as it does,
   * before any queued task starts. Throws if the demand can never fit this node.
   */
  void place(Holder holder, String what) {
    String infeasible = node.infeasible(holder.demand());
    if (infeasible != null) {
      throw new RayException(what + " can never start on this machine: " + infeasible
          + ". Ask for less, or give the machine more in RayConfig.");
    }
    waitingHolders.addLast(holder);
    placeWaitingHolders();
  }

  /** The actor is gone: what it held is free, or, if it still waited, it waits no more. */
  void release(Holder holder, int[] gpuIds) {
    if (!waitingHolders.remove(holder)) {
      node.release(holder.demand(), gpuIds);
    }
    dispatch();
  }

  private void placeWaitingHolders() {
    while (!waitingHolders.isEmpty() && node.fits(waitingHolders.peekFirst().demand())) {
      Holder holder = waitingHolders.pollFirst();
      holder.placed(node.acquire(holder.demand()));
    }
  }

  /** Per resource: capacity and use now. */
  java.util.Map<String, double[]> resourceUse() {
    return node.use();
  }

  /**
   * The clock moved: workers beyond numCpus that have idled for a second retire, and tasks stuck
   * behind a long one are looked at again.
   */
  void tick() {
    if (stopped) {
      return;
    }
    long now = clock.getAsLong();
    if (stuckCheckAt != 0) {
      if (now - stuckCheckAt >= 0) {
        stuckCheckAt = 0;
        dispatch();
      } else {
        effects.add(new Effect.TickAt(stuckCheckAt)); // a timer that fired early: again
      }
    }
    for (Worker worker : new ArrayList<>(idle)) {
      if (connected.size() <= numCpus) {
        break;
      }
      if (now - worker.idleSince > IDLE_BEFORE_RETIRING_NANOS) {
        idle.remove(worker);
        connected.remove(worker);
        worker.retired = true;
        Log.debug("Retiring {}: the pool is back to {} workers", worker, connected.size());
        send(worker, ToWorker.Shutdown.INSTANCE);
      }
    }
  }

  /** The session ends: nothing more is dispatched. */
  void stop() {
    stopped = true;
    queue.clear();
  }

  private static boolean mayRetry(PendingTask task) {
    return task.spec.maxRetries() < 0 || task.attempts <= task.spec.maxRetries();
  }

  /**
   * The worker's running task finished, came back or died with it: its slot and what it held
   * are free.
   */
  private void stopRunning(Worker worker, PendingTask running) {
    if (!worker.blocked()) {
      runningSlots--;
    } else {
      node.reclaimCpus(running.spec.resources()); // lent while it waited: whole again to give
    }
    node.release(running.spec.resources(), running.gpuIds);
    running.gpuIds = PendingTask.NO_GPUS;
    worker.blockedWaits = 0;
    worker.givesBack = false;
  }

  /** The first task in the worker's queue starts, or the worker is idle. */
  private void runNext(Worker worker) {
    PendingTask task = worker.running();
    if (task == null) {
      worker.idleSince = clock.getAsLong();
      idle.addFirst(worker);
      return;
    }
    task.attempts++;
    runningSlots++;
    task.gpuIds = node.acquire(task.spec.resources());
    worker.runningSince = clock.getAsLong();
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
    placeWaitingHolders();
    Map<Worker, List<PendingTask>> sends = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      PendingTask next = queue.firstThat(task -> node.fits(task.spec.resources()));
      if (next == null) {
        break;
      }
      Worker worker = idle.pollFirst();
      if (worker == null) {
        growIfAllBlocked();
        break;
      }
      queue.remove(next);
      assign(worker, next, sends);
    }
    if (!queue.isEmpty() && pipelineDepth > 0) {
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
    long now = clock.getAsLong();
    List<Worker> takers = new ArrayList<>();
    for (Worker worker : connected) {
      if (takesMore(worker, now) && worker.queued() <= refillAt) {
        takers.add(worker);
      }
    }
    takers.sort(Comparator.comparingInt(Worker::queued));
    while (!queue.isEmpty() && !takers.isEmpty()) {
      for (Iterator<Worker> it = takers.iterator(); it.hasNext() && !queue.isEmpty(); ) {
        Worker worker = it.next();
        if (!pipelines(queue.peekFirst(), worker.running())) {
          return; // it starts only where its own demand is free: it waits here
        }
        assign(worker, queue.pollFirst(), sends);
        if (worker.queued() >= pipelineDepth) {
          it.remove();
        }
      }
    }
  }

  /**
   * Whether the task may wait in the queue of the worker that runs {@code running}: only plain
   * one-CPU tasks behind a plain one, so that the next takes over exactly what the last held.
   * Any other demand starts only where it is free (and a GPU task gets its devices as it is sent).
   */
  private static boolean pipelines(PendingTask task, PendingTask running) {
    return task.spec.resources() == ResourceSet.ONE_CPU
        && running.spec.resources() == ResourceSet.ONE_CPU;
  }

  /** A worker may queue a task if it runs one that neither waits nor has run long. */
  private static boolean takesMore(Worker worker, long now) {
    PendingTask running = worker.running();
    return running != null && !running.cancelled && !worker.blocked() && !worker.givesBack
        && now - worker.runningSince < STUCK_AFTER_NANOS;
  }

  /** Queues the tasks on the worker's outbox, in the order they were assigned. */
  private void send(Worker worker, List<PendingTask> tasks) {
    if (tasks.size() == 1) {
      send(worker, new ToWorker.Execute(sent(worker, tasks.get(0))));
    } else {
      List<TaskSpec> specs = new ArrayList<>(tasks.size());
      for (PendingTask task : tasks) {
        specs.add(sent(worker, task));
      }
      send(worker, new ToWorker.ExecuteBatch(specs));
    }
  }

  /**
   * The spec as the worker gets it: with its GPU devices, and, if it retries on exceptions, the
   * number of the run it starts (one queued behind the running task starts the next run), so
   * that its worker knows whether the budget has a retry left.
   */
  private static TaskSpec sent(Worker worker, PendingTask task) {
    TaskSpec spec = task.gpuIds.length == 0 ? task.spec : task.spec.withGpuIds(task.gpuIds);
    if (spec.retryExceptions()) {
      spec = spec.withAttempt(worker.running() == task ? task.attempts : task.attempts + 1);
    }
    return spec;
  }

  /** Queues a frame; the shell writes it once the lock is left. */
  private void send(Worker worker, ToWorker frame) {
    try {
      worker.outbox.queue(frame);
      effects.flush(worker);
    } catch (IOException e) {
      // The worker is dying: make sure it is dead, and its exit retries the tasks.
      Log.debug("Could not send {} to {}: {}", frame, worker, e.toString());
      effects.add(new Effect.Kill(worker));
    }
  }

  /**
   * A worker idles while nothing is queued here: the tasks waiting behind one that has run long
   * come back, for the idle workers. Tasks behind a young one are looked at again once it is old.
   */
  private void recallStuckTasks() {
    long now = clock.getAsLong();
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
    if (nextLook != Long.MAX_VALUE && stuckCheckAt == 0) {
      stuckCheckAt = nextLook;
      effects.add(new Effect.TickAt(nextLook));
    }
  }

  private void recall(Worker worker, List<PendingTask> tasks) {
    long[] taskIds = new long[tasks.size()];
    for (int i = 0; i < taskIds.length; i++) {
      tasks.get(i).recalled = true;
      taskIds[i] = tasks.get(i).spec.taskId();
    }
    send(worker, new ToWorker.Recall(taskIds));
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
      finish(task.spec.taskId());
      task.cancelled = true;
      RayException error = new RayException("Task " + task.spec.displayName() + " cannot start:"
          + " all " + connected.size() + " workers wait in Ray.get or Ray.wait for tasks that"
          + " have not started, and the pool cannot grow: " + limit + ". Nest tasks less deeply,"
          + " or wait for fewer tasks at once" + (maxWorkers > 0 ? ", or raise maxWorkers" : "")
          + ".");
      Log.warn("{}", error.getMessage());
      ends.fail(task.spec.taskId(), task.spec, 0, error);
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

  /** A new worker of the pool; the shell starts its process once the lock is left. */
  private Worker spawn() {
    starting++;
    Worker worker = new Worker(nextTag.getAsInt(), 0);
    effects.add(new Effect.Spawn(worker));
    return worker;
  }
}
