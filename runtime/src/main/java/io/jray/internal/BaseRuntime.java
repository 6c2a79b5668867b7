package io.jray.internal;

import io.jray.GetTimeoutException;
import io.jray.ObjectLostException;
import io.jray.ObjectRef;
import io.jray.RayException;
import io.jray.TaskOptions;
import io.jray.Tuning;
import io.jray.WaitResult;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.refs.CollectionNudge;
import io.jray.internal.refs.ContainedRefs;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.ActorRef;
import io.jray.internal.stub.TaskFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the driver and a worker do alike: values go straight to and from the shared store; only
 * "is it ready yet" and "run this" go through the driver. Subclasses say how a process learns that
 * an object is ready and where a task goes.
 */
public abstract class BaseRuntime implements RayRuntime {
  /** Arguments larger than this go through the store rather than inside the task. */
  static final int MAX_INLINE_ARG_BYTES = 100 * 1024;

  protected final ObjectStore store;
  protected final Serializer serializer;
  protected final ObjectIds ids;
  /** Large puts since the last collection call for one past this share of the capacity. */
  private static final int NUDGE_SHARE = 8;
  private final CollectionNudge nudge;
  private final Tuning tuning;
  /** How long {@code get} spins for a result before it parks. */
  private final long spinNanos;

  protected BaseRuntime(ObjectStore store, Serializer serializer, ObjectIds ids, Tuning tuning) {
    this.store = store;
    this.serializer = serializer;
    this.ids = ids;
    this.nudge = new CollectionNudge(store.capacityBytes() / NUDGE_SHARE);
    this.tuning = tuning;
    this.spinNanos = tuning.spinBeforePark().toNanos();
  }

  /** The knobs this process runs with: in a worker, its driver's share (for tests, diagnostics). */
  public Tuning tuning() {
    return tuning;
  }

  /** Completes when the object is in the store. */
  protected abstract CompletableFuture<Void> whenReady(long id);

  /** Hands a task to the scheduler. */
  protected abstract void submit(TaskSpec spec);

  /** Called around a wait of the current thread, so a worker can lend its CPU slot meanwhile. */
  protected void beforeBlocking() {}

  protected void afterBlocking() {}

  /** The stored object {@code container} holds refs to these objects: keep them alive. */
  protected abstract void contains(long container, long[] refs);

  @Override
  public <T> ObjectRef<T> put(T value) {
    long id = ids.next();
    long[] size = {0};
    long[] refs = ContainedRefs.collect(() -> {
      serializer.serialize(value, parts -> {
        size[0] = Serializer.size(parts);
        store.put(id, StoredValues.VALUE, parts);
      });
      return null;
    }).refs();
    if (size[0] > ObjectStore.INLINE_THRESHOLD) {
      nudge.stored(size[0]);
    }
    if (refs.length > 0) {
      contains(id, refs);
    }
    return new ObjectRefImpl<>(id);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ObjectRef<T> ref, Duration timeout) {
    long id = ObjectRefImpl.idOf(ref);
    StoredObject object = store.get(id);
    if (object == null) {
      await(List.of(ref), whenReady(id), timeout);
      object = store.get(id);
      if (object == null) {
        throw new ObjectLostException("The object of " + ref + " is gone: it was ready, but no"
            + " copy of it is in the store any more. Make it again (run its task again).");
      }
    }
    try (StoredObject reading = object) {
      return (T) StoredValues.decode(serializer, reading);
    } finally {
      // The ref keeps the object alive; it must stay reachable until the data is read.
      java.lang.ref.Reference.reachabilityFence(ref);
    }
  }

  /**
   * Reads what is in the store already as it goes (one index look-up each, where asking first
   * would take two), then waits once for the rest. As when every value is read after the wait,
   * the first failure in the list's order is thrown, and only once every ref is ready.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> getAll(List<? extends ObjectRef<? extends T>> refs, Duration timeout) {
    Object[] values = new Object[refs.size()];
    List<Integer> missing = new ArrayList<>();
    RuntimeException failure = null;
    int failedAt = Integer.MAX_VALUE;
    for (int i = 0; i < values.length; i++) {
      StoredObject object = store.get(ObjectRefImpl.idOf(refs.get(i)));
      if (object == null) {
        missing.add(i);
        continue;
      }
      try (StoredObject reading = object) {
        values[i] = StoredValues.decode(serializer, reading);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
          failedAt = i;
        }
      }
    }
    if (!missing.isEmpty()) {
      List<CompletableFuture<Void>> pending = new ArrayList<>(missing.size());
      for (int i : missing) {
        pending.add(whenReady(ObjectRefImpl.idOf(refs.get(i))));
      }
      await(refs, CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)), timeout);
      for (int i : missing) {
        if (i > failedAt) {
          break; // an earlier one failed: that failure is thrown, whatever these hold
        }
        try {
          values[i] = get(refs.get(i), null);
        } catch (RuntimeException e) {
          failure = e;
          failedAt = i;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    // The refs keep their objects alive; they must stay reachable until the data is read.
    java.lang.ref.Reference.reachabilityFence(refs);
    List<T> list = new ArrayList<>(values.length);
    for (Object value : values) {
      list.add((T) value);
    }
    return list;
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
    if (numReturns < 0 || numReturns > refs.size()) {
      throw new IllegalArgumentException("numReturns must be between 0 and the number of refs ("
          + refs.size() + "), was " + numReturns);
    }
    List<CompletableFuture<Void>> futures = new ArrayList<>(refs.size());
    for (ObjectRef<T> ref : refs) {
      long id = ObjectRefImpl.idOf(ref);
      futures.add(store.contains(id) ? CompletableFuture.completedFuture(null) : whenReady(id));
    }
    long start = System.nanoTime();
    Object signal = new Object();
    futures.forEach(f -> f.thenRun(() -> {
      synchronized (signal) {
        signal.notifyAll();
      }
    }));
    boolean blocked = false;
    try {
      synchronized (signal) {
        while (countDone(futures) < numReturns) {
          long left = timeout == null ? Long.MAX_VALUE
              : nanos(timeout) - (System.nanoTime() - start);
          if (left <= 0) {
            break;
          }
          if (!blocked) {
            beforeBlocking();
            blocked = true;
          }
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("Interrupted in Ray.wait", e);
    } finally {
      if (blocked) {
        afterBlocking();
      }
    }
    List<ObjectRef<T>> ready = new ArrayList<>();
    List<ObjectRef<T>> unready = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      (futures.get(i).isDone() && ready.size() < numReturns ? ready : unready).add(refs.get(i));
    }
    return new WaitResult<>(ready, unready);
  }

  @Override
  public <T> CompletableFuture<T> toFuture(ObjectRef<T> ref) {
    long id = ObjectRefImpl.idOf(ref);
    CompletableFuture<Void> ready =
        store.contains(id) ? CompletableFuture.completedFuture(null) : whenReady(id);
    return ready.thenApplyAsync(ignored -> get(ref, null));
  }

  @Override
  public <R> ObjectRef<R> submitTask(TaskFunction<R> function, Object[] args) {
    TaskOptions options = TaskOptions.current();
    TaskSpec spec = encode(ids.next(), function.id(), function.displayName(),
        options == null ? function.maxRetries() : options.maxRetriesOr(function.maxRetries()),
        options != null && options.retryExceptions(), args);
    // The ref first: the driver must hear that we hold the result before the task can finish.
    ObjectRefImpl<R> result = new ObjectRefImpl<>(spec.taskId());
    submit(spec);
    return result;
  }

  /**
   * A call as it travels: value arguments serialized (large ones put in the store and passed as
   * refs, so the control channel only carries small frames), ref arguments as ids.
   */
  protected TaskSpec encode(long id, String functionId, String displayName, int maxRetries,
      boolean retryExceptions, Object[] args) {
    byte[][] values = new byte[args.length][];
    long[] refs = new long[args.length];
    long[] nested = new long[0];
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof ObjectRef) {
        refs[i] = ObjectRefImpl.idOf((ObjectRef<?>) args[i]);
        continue;
      }
      Object arg = args[i];
      int at = i;
      nested = concat(nested, ContainedRefs.collect(() -> {
        serializer.serialize(arg, parts -> {
          if (Serializer.size(parts) > MAX_INLINE_ARG_BYTES) {
            refs[at] = ids.next();
            store.put(refs[at], StoredValues.VALUE, parts);
          } else {
            values[at] = Serializer.concat(parts);
          }
        });
        return null;
      }).refs());
    }
    return new TaskSpec(
        id, functionId, displayName, maxRetries, retryExceptions, values, refs, nested);
  }

  /** Encodes an actor's constructor call; the actor's id is the call's id. */
  protected TaskSpec encodeCreation(long actorId, ActorConstructor<?> constructor, Object[] args) {
    return encode(actorId, constructor.id(),
        constructor.actorClass().displayName() + ".<init>", 0, false, args);
  }

  @Override
  public <R> ObjectRef<R> callActor(ActorRef actor, ActorMethod<?, R> method, Object[] args) {
    TaskSpec call = encode(ids.next(), method.id(), method.displayName(), 0, false, args);
    ObjectRefImpl<R> result = new ObjectRefImpl<>(call.taskId());
    submitActorCall(actor.id(), call);
    return result;
  }

  /** Hands an actor call to the driver's actor table. */
  protected abstract void submitActorCall(long actorId, TaskSpec call);

  private void await(List<? extends ObjectRef<?>> refs, CompletableFuture<Void> ready,
      Duration timeout) {
    if (spinUntilDone(ready) && !ready.isCompletedExceptionally()) {
      return;
    }
    beforeBlocking();
    try {
      if (timeout == null) {
        ready.get();
      } else {
        ready.get(Math.max(0, nanos(timeout)), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      throw new GetTimeoutException("Ray.get timed out after " + timeout + " waiting for "
          + (refs.size() == 1 ? refs.get(0) : refs.size() + " refs")
          + ". The task may still be running: wait longer, or use Ray.wait to poll.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("Interrupted in Ray.get", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RayException known) {
        throw known; // how the object ended (shutdown, an error the store could not take)
      }
      throw new RayException("Cannot get " + refs + ": " + e.getCause(), e.getCause());
    } finally {
      afterBlocking();
    }
  }

  /**
   * Waits a few tens of microseconds without giving up the CPU: a no-op call's result comes back
   * in about that time, and a thread that parks costs its waker a wake-up, which on a virtual
   * machine can take longer than the whole call. Yields meanwhile, so that on a busy machine the
   * thread that will complete the future gets the CPU.
   */
  private boolean spinUntilDone(CompletableFuture<?> ready) {
    long spin = spinNanos; // a local, as the constant it was, for the loop
    long start = System.nanoTime();
    for (int i = 0; !ready.isDone(); i++) {
      if (System.nanoTime() - start > spin) {
        return false;
      }
      if ((i & 15) == 15) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    return true;
  }

  private static long[] concat(long[] a, long[] b) {
    if (b.length == 0) {
      return a;
    }
    long[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** A timeout in nanoseconds; centuries saturate rather than overflow. */
  private static long nanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static int countDone(List<CompletableFuture<Void>> futures) {
    int done = 0;
    for (CompletableFuture<Void> future : futures) {
      done += future.isDone() ? 1 : 0;
    }
    return done;
  }
}
