package io.jray.internal.worker;

import io.jray.ActorDiedException;
import io.jray.ObjectLostException;
import io.jray.TaskFailedException;
import io.jray.internal.CurrentWork;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.StoredValues;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.FunctionRegistry;
import io.jray.internal.refs.ContainedRefs;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Reads the control channel and runs this worker's tasks one at a time, on two threads that swap
 * roles (leader/follower). One reads frames; when a task arrives and none runs, the reader runs it
 * itself, so the call costs no hand-off to another thread, and wakes the other thread to read
 * meanwhile: the channel is always read while a task runs, to hear "object ready" while it waits
 * in {@code get}, recalls, and tasks queued behind it. Tasks that arrive while one runs wait in a
 * queue and run in order on the thread that finished the one before. A task's result, or its
 * error, goes into the store before the driver hears that it is done.
 */
final class TaskRunner {
  /** What the reader does with a frame that carries no task; false once the worker must stop. */
  @FunctionalInterface
  interface FrameHandler {
    boolean handle(ToWorker frame) throws IOException;
  }

  private final ObjectStore store;
  private final Serializer serializer;
  private static final long[] NO_REFS = new long[0];

  private final Connection driver;
  private final long pid = ProcessHandle.current().pid();

  /**
   * Guards the queue, the roles, and {@link #waits}; a recall holds it until its answer is
   * sent, so the driver hears which tasks came back before it hears of a task queued after them.
   */
  private final Object lock = new Object();
  private final Deque<Work> queue = new ArrayDeque<>();
  /** The thread that runs a task now, or null. */
  private Thread running;
  /** A thread reads the channel, or has been told to. */
  private boolean readerTaken;
  /** The channel ended: both threads stop. */
  private boolean ended;
  private final CompletableFuture<Boolean> toldToStop = new CompletableFuture<>();
  /**
   * How many threads of this process wait in get, wait or a ref's future: while any does, the
   * pool's tasks go back to the driver, not into the queue.
   */
  private int waits;

  /** Replies to actor calls that may wait to be written together. */
  private final int repliesPerWrite;
  /** Replies sent for later since the last one sent at once; under {@link #running} only. */
  private int repliesHeld;

  /** The actor this process hosts, once created; or why it could not be. */
  private Object actor;
  private Throwable creationError;
  private String actorName;

  TaskRunner(ObjectStore store, Serializer serializer, Connection driver, int repliesPerWrite) {
    this.store = store;
    this.serializer = serializer;
    this.driver = driver;
    this.repliesPerWrite = repliesPerWrite;
  }

  /**
   * Reads and runs until the driver says stop (true) or the channel ends (false). Frames that
   * carry no task go to {@code handler} on the reading thread.
   */
  boolean serve(FrameHandler handler) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      Thread thread = new Thread(() -> loop(handler), "jray-task-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    try {
      return toldToStop.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A task of the pool, or a call on the actor this process hosts; reader only. */
  void enqueue(byte kind, TaskSpec spec) {
    synchronized (lock) {
      if (kind == FrameType.EXECUTE && handingBack()) {
        giveBack(List.of(spec.taskId()), List.of());
      } else {
        queue.add(new Work(kind, spec, null, 0));
      }
    }
  }

  /** Become an actor: the first work of an actor host; reader only. */
  void enqueueCreation(String className, TaskSpec constructor, int restarts) {
    synchronized (lock) {
      queue.add(new Work(FrameType.CREATE_ACTOR, constructor, className, restarts));
    }
  }

  /**
   * A thread of this process starts or stops waiting in get or wait. While one waits, the pool's
   * tasks queued behind the running task would wait as long: they go back to the driver, which
   * sends them to other workers, and so do tasks that arrive meanwhile. Any thread counts, not
   * only the task's own: a task that waits for a thread it started, which waits in get, waits
   * as long (and with one CPU, for a child queued here, forever).
   */
  void waiting(boolean waiting) {
    synchronized (lock) {
      waits += waiting ? 1 : -1;
      if (waiting && waits == 1 && running != null) {
        giveBack(removeQueued(id -> true), List.of());
      }
    }
  }

  /**
   * Under the lock: tasks go back only while one runs. An idle worker takes what it is sent even
   * if some thread left behind by an earlier task still waits: the driver would send the task
   * straight back to it.
   */
  private boolean handingBack() {
    return waits > 0 && running != null;
  }

  /**
   * The driver wants these tasks back: those that have not started go back; the answer names the
   * others too (started, finished, or given back already).
   */
  void recall(long[] taskIds) {
    synchronized (lock) {
      List<Long> given = removeQueued(id -> {
        for (long taskId : taskIds) {
          if (taskId == id) {
            return true;
          }
        }
        return false;
      });
      List<Long> kept = new ArrayList<>();
      for (long taskId : taskIds) {
        if (!given.contains(taskId)) {
          kept.add(taskId);
        }
      }
      giveBack(given, kept);
    }
  }

  /** Under the lock: a task either starts or goes back, never both. */
  private List<Long> removeQueued(LongPredicate which) {
    List<Long> removed = new ArrayList<>();
    for (Iterator<Work> it = queue.iterator(); it.hasNext(); ) {
      Work work = it.next();
      if (work.kind == FrameType.EXECUTE && which.test(work.spec.taskId())) {
        it.remove();
        removed.add(work.spec.taskId());
      }
    }
    return removed;
  }

  private void giveBack(List<Long> given, List<Long> kept) {
    if (given.isEmpty() && kept.isEmpty()) {
      return;
    }
    try {
      driver.send(new ToDriver.Returned(toArray(given), toArray(kept)));
    } catch (IOException e) {
      Log.debug("Driver gone while giving back {} tasks: {}", given.size(), e.toString());
    }
  }

  private static long[] toArray(List<Long> ids) {
    long[] array = new long[ids.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = ids.get(i);
    }
    return array;
  }

  /** One of the two threads: runs queued work, else reads, else waits for a role. */
  private void loop(FrameHandler handler) {
    Thread me = Thread.currentThread();
    Work work = null;
    while (true) {
      synchronized (lock) {
        while (work == null && !ended) {
          if (running == null && !queue.isEmpty()) {
            work = queue.poll();
            running = me;
          } else if (!readerTaken) {
            readerTaken = true;
            break;
          } else {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              return;
            }
          }
        }
        if (ended) {
          return;
        }
      }
      if (work == null) {
        work = read(handler, me);
      }
      while (work != null) {
        run(work);
        synchronized (lock) {
          // The next queued task runs on this thread, as it would have on a task thread.
          work = ended ? null : queue.poll();
          running = work == null ? null : me;
        }
      }
    }
  }

  /**
   * Reads frames until one brings a task to run while none runs: returns it, having handed the
   * reading to the other thread. Returns null once the channel has ended.
   */
  private Work read(FrameHandler handler, Thread me) {
    try {
      while (true) {
        ToWorker frame = driver.receiveToWorker();
        if (!handler.handle(frame)) {
          end(true);
          return null;
        }
        if (driver.hasBufferedFrame()) {
          continue; // a burst: read it all before running anything
        }
        synchronized (lock) {
          if (running == null && !queue.isEmpty()) {
            running = me;
            readerTaken = false;
            lock.notify();
            return queue.poll();
          }
        }
      }
    } catch (EOFException e) {
      Log.debug("The driver closed the control channel");
    } catch (IOException | RuntimeException e) {
      Log.error("Control channel failed: {}", e.toString());
    }
    end(false);
    return null;
  }

  private void end(boolean told) {
    synchronized (lock) {
      ended = true;
      lock.notifyAll();
    }
    toldToStop.complete(told);
  }

  /** Runs one piece of work and tells the driver it is done. */
  private void run(Work work) {
    try {
      if (work.kind == FrameType.CREATE_ACTOR) {
        CurrentWork.hosting(work.spec, work.restarts);
        String error = create(work.className, work.spec);
        driver.send(new ToDriver.ActorCreated(error == null, error));
        return;
      }
      CurrentWork.running(work.spec);
      long startMicros = epochMicros();
      Outcome outcome = work.kind == FrameType.ACTOR_CALL
          ? runAndStore(work.spec, this::callActor)
          : runAndStore(work.spec, (spec, args) ->
              FunctionRegistry.task(spec.functionId()).invoker().invoke(args));
      // The refs inside the result went in CONTAINS, before it was stored.
      ToDriver.TaskDone done = new ToDriver.TaskDone(work.spec.taskId(), outcome.error, NO_REFS,
          outcome.stored, startMicros, epochMicros(), Thread.currentThread().getId());
      // More calls wait: this reply can go with theirs, in one write. The last never waits,
      // and a few go at a time so the driver can send more calls before these run out.
      if (work.kind == FrameType.ACTOR_CALL && hasQueued() && ++repliesHeld < repliesPerWrite) {
        driver.sendLater(done);
      } else {
        repliesHeld = 0;
        driver.send(done);
      }
    } catch (IOException e) {
      // The reader hears that the channel ended, and the worker stops.
      Log.debug("Driver gone while reporting {}: {}", work.spec.displayName(), e.toString());
    } finally {
      CurrentWork.running(null);
    }
  }

  /** Now, in microseconds since the epoch (the timeline's unit). */
  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private boolean hasQueued() {
    synchronized (lock) {
      return !queue.isEmpty();
    }
  }

  /**
   * What a call left: a one-line summary of its error, if it failed; and whether its value or
   * error is in the store (if not, the driver fails the ref itself). The refs inside the value
   * went to the driver before it was stored (see {@link #announceContained}), and any RELEASE of
   * them goes after that frame, so the value need not be kept alive until TASK_DONE.
   */
  private record Outcome(String error, boolean stored) {
    static Outcome failed(String error, boolean stored) {
      return new Outcome(error, stored);
    }
  }

  /** Runs a call and stores its value, or its error, under the call's id. */
  private Outcome runAndStore(TaskSpec spec, Body body) {
    try {
      Object result = runWithRetries(spec, body, resolveArguments(spec));
      ContainedRefs.collect(() -> {
        serializer.serialize(result, parts -> {
          announceContained(spec.taskId(), ContainedRefs.soFar());
          store.put(spec.taskId(), StoredValues.VALUE, parts);
        });
        return null;
      });
      return new Outcome(null, true);
    } catch (FailedDependency e) {
      // A failed dependency fails this task with the same error, as in Ray.
      String summary = "a task it depends on failed";
      return storeError(spec, summary, () -> e.error);
    } catch (Throwable t) {
      return storeError(spec, summary(t),
          () -> StoredValues.error(serializer, spec.displayName(), pid, t));
    }
  }

  /**
   * Tells the driver which refs the result holds before the result is stored, and waits until
   * the frame is written: once stored, a result may be read, and (if this process dies before its
   * TASK_DONE goes, held back or not) it stands as the call's result. Its refs must then be
   * counted, or the driver frees their objects along with what this process held.
   */
  private void announceContained(long resultId, long[] refs) {
    if (refs.length == 0) {
      return;
    }
    try {
      driver.sendWritten(new ToDriver.Contains(resultId, refs));
    } catch (IOException e) {
      throw new UncheckedIOException("the driver is gone, so the result is not stored", e);
    }
  }

  /**
   * Stores a call's error. One that does not fit (a full store, a huge message) is replaced by a
   * one-line error; if even that cannot be stored, nothing is, and the driver hears so in
   * TASK_DONE and fails the ref itself. Nothing escapes: the worker goes on with its queue.
   */
  private Outcome storeError(TaskSpec spec, String summary, Supplier<byte[]> error) {
    try {
      store.put(spec.taskId(), StoredValues.ERROR, error.get());
      return Outcome.failed(summary, true);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      Log.warn("Could not store the error of {} ({}): {}", spec.displayName(), summary,
          e.toString());
      String why = " (its full error could not be stored: " + e.getMessage() + ")";
      try {
        store.put(spec.taskId(), StoredValues.ERROR, StoredValues.error(serializer,
            spec.displayName(), pid, new TaskFailedException(summary + why, null)));
        return Outcome.failed(summary, true);
      } catch (RuntimeException again) {
        return Outcome.failed(summary + why, false);
      }
    }
  }

  /** Runs the body; a task that opted in is run again when it throws, up to its retries. */
  private static Object runWithRetries(TaskSpec spec, Body body, Object[] args)
      throws Throwable {
    for (int attempt = 0; ; attempt++) {
      try {
        return body.run(spec, args);
      } catch (Exception e) {
        if (!spec.retryExceptions() || (spec.maxRetries() >= 0 && attempt >= spec.maxRetries())) {
          throw e;
        }
        Log.warn("{} threw {}; retrying ({} of {})", spec.displayName(), e.toString(),
            attempt + 1, spec.maxRetries());
      }
    }
  }

  private String create(String className, TaskSpec constructor) {
    actorName = "Actor(" + className.substring(className.lastIndexOf('.') + 1) + ", "
        + ObjectIds.hex(constructor.taskId()) + ")";
    try {
      Object[] args = resolveArguments(constructor);
      actor = FunctionRegistry.constructor(constructor.functionId()).invoker().invoke(args);
      return null;
    } catch (FailedDependency e) {
      creationError = (Throwable) serializer.deserialize(errorThrowable(e.error));
    } catch (Throwable t) {
      creationError = t;
    }
    return summary(creationError);
  }

  @SuppressWarnings("unchecked")
  private Object callActor(TaskSpec call, Object[] args) throws Throwable {
    if (actor == null) {
      throw new ActorDiedException(actorName + " could not be created: its constructor threw "
          + summary(creationError), creationError);
    }
    ActorMethod<Object, ?> method =
        (ActorMethod<Object, ?>) FunctionRegistry.method(call.functionId());
    return method.invoker().invoke(actor, args);
  }

  static String summary(Throwable t) {
    String summary = t.getClass().getName() + ": " + t.getMessage();
    return summary.length() > 500 ? summary.substring(0, 500) + "..." : summary;
  }

  private Object[] resolveArguments(TaskSpec spec) {
    Object[] args = new Object[spec.argCount()];
    for (int i = 0; i < args.length; i++) {
      if (!spec.isRef(i)) {
        args[i] = serializer.deserialize(spec.argValues()[i]);
        continue;
      }
      // The scheduler sends a task only once all its refs are in the store.
      try (StoredObject argument = store.get(spec.argRefs()[i])) {
        if (argument == null) {
          throw new ObjectLostException("Argument " + i + " of " + spec.displayName() + " ("
              + ObjectIds.hex(spec.argRefs()[i]) + ") is gone: it was in the store, but no copy"
              + " of it is any more (a spilled file removed, say). Make it again.");
        }
        if (argument.flags() == StoredValues.ERROR) {
          throw new FailedDependency(bytesOf(argument.data()));
        }
        args[i] = serializer.deserialize(argument.data());
      }
    }
    return args;
  }

  /** The serialized throwable inside a stored error. */
  private static ByteBuffer errorThrowable(byte[] error) {
    ByteBuffer data = ByteBuffer.wrap(error);
    data.position(4 + data.getInt(0) + 8);
    return data.slice();
  }

  private static byte[] bytesOf(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return bytes;
  }

  /** {@code restarts}: for a creation, how many times the actor was made before. */
  private record Work(byte kind, TaskSpec spec, String className, int restarts) {}

  /** What to run once the arguments are values. */
  @FunctionalInterface
  private interface Body {
    Object run(TaskSpec spec, Object[] args) throws Throwable;
  }

  /** An argument's task failed; carries that stored error. */
  private static final class FailedDependency extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] error;

    FailedDependency(byte[] error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
