package io.jray;

import io.jray.internal.ObjectRefImpl;
import io.jray.internal.RuntimeHolder;
import io.jray.internal.cluster.ClusterMode;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.stub.ActorStub;
import io.jray.state.RayState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The jray runtime, as Ray's module-level API: start it with {@link #init()}, then call the
 * generated {@code <Name>Remote} stubs, and {@link #get} their results.
 */
public final class Ray {
  private static final Object LOCK = new Object();

  private Ray() {}

  /** Starts the local runtime with one worker per core. */
  public static void init() {
    init(RayConfig.defaults());
  }

  /**
   * Starts the local runtime; returns once every worker is ready.
   *
   * @param config the runtime's options
   */
  public static void init(RayConfig config) {
    Objects.requireNonNull(config, "config");
    synchronized (LOCK) {
      if (RuntimeHolder.currentOrNull() != null) {
        if (config.ignoreReinitError() || !(RuntimeHolder.currentOrNull() instanceof DriverRuntime)) {
          return; // Inside a worker the runtime is already up, as in Ray.
        }
        throw new RayException("Ray.init() was called twice. Call Ray.shutdown() first, or pass"
            + " RayConfig.builder().ignoreReinitError(true) to make the second call a no-op.");
      }
      DriverRuntime runtime = DriverRuntime.start(config);
      if (config.address() != null) {
        try {
          ClusterMode.join(runtime, config);
        } catch (RuntimeException e) {
          runtime.shutdown();
          throw e;
        }
      }
      RuntimeHolder.set(runtime);
    }
  }

  /**
   * Whether {@link #init()} has started the runtime (in a worker: always).
   *
   * @return whether the runtime is up
   */
  public static boolean isInitialized() {
    return RuntimeHolder.currentOrNull() != null;
  }

  /** Stops every worker and removes the store; a later {@link #init()} starts afresh. */
  public static void shutdown() {
    synchronized (LOCK) {
      var runtime = RuntimeHolder.currentOrNull();
      if (runtime instanceof DriverRuntime) {
        RuntimeHolder.set(null);
        runtime.shutdown();
      } else if (runtime != null) {
        runtime.shutdown();
      }
    }
  }

  /**
   * What the session is doing: tasks, actors, objects, processes and their logs, as Ray's state
   * API and the dashboard show them. Works in the driver (the process that called {@link
   * #init()}); after {@link #shutdown()} the state of the session that ended stays readable
   * through a {@code RayState} obtained before.
   *
   * @return the session's state
   */
  public static RayState state() {
    var runtime = RuntimeHolder.current();
    if (runtime instanceof DriverRuntime driver) {
      return driver.state();
    }
    throw new RayException("Ray.state() works in the driver, the process that called"
        + " Ray.init(); inside a task or an actor, return what you need to the driver instead.");
  }

  /**
   * Writes the session's timeline to {@code file} as a Chrome trace, as Ray's {@code
   * ray.timeline(filename)}: open it in chrome://tracing or https://ui.perfetto.dev. Each task
   * and actor call is one complete event named by its function, on the process and thread that
   * ran it, from its start to its end; its submission and wait show as a span on the process
   * that submitted it. Covers the tasks the state API still lists (see {@code
   * RayConfig.maxFinishedTasks}). The dashboard offers the same file for download. Works in the
   * driver.
   *
   * @param file where to write the trace; it is replaced if it exists
   * @throws UncheckedIOException if the file cannot be written
   * @throws RayException outside the driver
   */
  public static void timeline(Path file) {
    Objects.requireNonNull(file, "file");
    var runtime = RuntimeHolder.current();
    if (!(runtime instanceof DriverRuntime driver)) {
      throw new RayException("Ray.timeline(Path) works in the driver, the process that called"
          + " Ray.init().");
    }
    try {
      driver.timeline(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the timeline to " + file + ": " + e, e);
    }
  }

  /**
   * Who and where the calling code is (job, task, actor, node), as Ray's {@code
   * ray.get_runtime_context()}; works in the driver, in tasks and in actors.
   *
   * @return the calling code's context
   */
  public static RuntimeContext getRuntimeContext() {
    return RuntimeHolder.current().runtimeContext();
  }

  /**
   * Stores a value in the object store and returns its ref.
   *
   * @param value the value to store
   * @param <T> the type of the value
   * @return the value's ref
   */
  public static <T> ObjectRef<T> put(T value) {
    return RuntimeHolder.current().put(value);
  }

  /**
   * Waits for a value and returns it; throws {@link TaskFailedException} if its task threw.
   *
   * @param ref the ref to wait for
   * @param <T> the type of the value
   * @return the value
   */
  public static <T> T get(ObjectRef<T> ref) {
    return RuntimeHolder.current().get(Objects.requireNonNull(ref, "ref"), null);
  }

  /**
   * As {@link #get(ObjectRef)}, or {@link GetTimeoutException} after {@code timeout}.
   *
   * @param ref the ref to wait for
   * @param timeout how long to wait at most
   * @param <T> the type of the value
   * @return the value
   */
  public static <T> T get(ObjectRef<T> ref, Duration timeout) {
    return RuntimeHolder.current().get(Objects.requireNonNull(ref, "ref"),
        Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Waits for every value; returns them in the order of the refs.
   *
   * @param refs the refs to wait for
   * @param <T> the type of the values
   * @return the values, in the order of the refs
   */
  public static <T> List<T> get(List<? extends ObjectRef<? extends T>> refs) {
    return RuntimeHolder.current().getAll(Objects.requireNonNull(refs, "refs"), null);
  }

  /**
   * As {@link #get(List)}, or {@link GetTimeoutException} after {@code timeout}.
   *
   * @param refs the refs to wait for
   * @param timeout how long to wait at most
   * @param <T> the type of the values
   * @return the values, in the order of the refs
   */
  public static <T> List<T> get(List<? extends ObjectRef<? extends T>> refs, Duration timeout) {
    return RuntimeHolder.current().getAll(Objects.requireNonNull(refs, "refs"),
        Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Waits until {@code numReturns} of the refs are ready or the timeout passes, then splits them
   * into ready and unready, as Ray's {@code ray.wait}.
   *
   * @param refs the refs to wait for
   * @param numReturns how many refs must be ready
   * @param timeout how long to wait at most
   * @param <T> the type of the values
   * @return the refs, split into ready and unready
   */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
    return RuntimeHolder.current().wait(Objects.requireNonNull(refs, "refs"), numReturns,
        Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Ends an actor: its process stops, and its pending and later calls fail with an exception that
   * names it. Killing an actor twice is harmless. A killed actor is not restarted.
   *
   * @param actor the actor's handle
   */
  public static void kill(ActorHandle actor) {
    Objects.requireNonNull(actor, "actor");
    RuntimeHolder.current().killActor(((ActorStub) actor).actorRef());
  }

  /**
   * Ends the actor whose method calls this, from inside: its process exits at once and it is not
   * restarted, whatever its {@code maxRestarts}. The call that runs it, the calls the actor has
   * not finished, and every later call fail with {@link ActorDiedException}. A named actor's name
   * is free again. As Ray's {@code Ray.exitActor()}.
   *
   * @throws RayException outside an actor (in the driver, or in a task)
   */
  public static void exitActor() {
    RuntimeHolder.current().exitActor();
  }

  /**
   * Cancels the task that produces {@code ref}: a task that waits or is queued never runs; a
   * running one is stopped by ending its worker process, which is replaced. {@code get} then
   * throws {@link TaskCancelledException}. A finished task is left alone. For an actor call, only
   * a call not yet sent to the actor is cancelled. The same as {@code cancel(ref, true, false)}.
   *
   * @param ref the result of the task to cancel
   */
  public static void cancel(ObjectRef<?> ref) {
    cancel(ref, true, false);
  }

  /**
   * Cancels the task that produces {@code ref}, as Ray's {@code ray.cancel(ref, force=...,
   * recursive=...)}. Whichever way, its ref fails at once with {@link TaskCancelledException}, a
   * task that waits or is queued never runs, a finished task is left alone, and a cancelled task
   * is never retried.
   *
   * <p>A running task is stopped by ending its worker process ({@code force}, which the pool
   * replaces), or gently, by interrupting the thread that runs it: its worker stays. Code that
   * ignores the interrupt runs on until it returns; its worker takes no other task meanwhile, and
   * whatever it returns is dropped. With {@code recursive}, the tasks that the task submitted
   * (and theirs) are cancelled the same way, so their CPUs are free again. For an actor call,
   * only a call not yet sent to the actor is cancelled.
   *
   * @param ref the result of the task to cancel
   * @param force end the worker process of a running task, rather than interrupt its thread
   * @param recursive also cancel the unfinished tasks that the task submitted
   */
  public static void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    RuntimeHolder.current().cancel(ObjectRefImpl.idOf(Objects.requireNonNull(ref, "ref")),
        force, recursive);
  }

  /**
   * Waits, with no time limit, until {@code numReturns} of the refs are ready.
   *
   * @param refs the refs to wait for
   * @param numReturns how many refs must be ready
   * @param <T> the type of the values
   * @return the refs, split into ready and unready
   */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns) {
    return RuntimeHolder.current().wait(Objects.requireNonNull(refs, "refs"), numReturns, null);
  }

  /**
   * Waits for all refs, with no limit; same as {@code wait(refs, refs.size(), ...)}.
   *
   * @param refs the refs to wait for
   * @param <T> the type of the values
   * @return the refs, all ready
   */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> refs) {
    return RuntimeHolder.current().wait(Objects.requireNonNull(refs, "refs"), refs.size(), null);
  }
}
