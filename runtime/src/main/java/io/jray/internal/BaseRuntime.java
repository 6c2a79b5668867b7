package io.jray.internal;

import io.jray.ActorOptions;
import io.jray.NodeInfo;
import io.jray.ObjectLostException;
import io.jray.ObjectRef;
import io.jray.RayException;
import io.jray.RuntimeContext;
import io.jray.TaskOptions;
import io.jray.Tuning;
import io.jray.WaitResult;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.refs.CollectionNudge;
import io.jray.internal.refs.ContainedRefs;
import io.jray.internal.resources.ResourceSet;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.ActorRef;
import io.jray.internal.stub.TaskFunction;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the driver and a worker do alike: values go straight to and from the shared store; only
 * "is it ready yet" and "run this" go through the driver. Subclasses say how a process learns that
 * an object is ready and where a task goes.
 */
public abstract class BaseRuntime implements RayRuntime {
  /** Arguments larger than this go through the store rather than inside the task. */
  static final int MAX_INLINE_ARG_BYTES = 100 * 1024;
  private static final int[] NO_GPUS = new int[0];
  protected final ObjectStore store;
  protected final Serializer serializer;
  protected final ObjectIds ids;
  /** Large puts since the last collection call for one past this share of the capacity. */
  private static final int NUDGE_SHARE = 8;
  private final CollectionNudge nudge;
  /** The session this runtime serves: refs of any other are from an earlier Ray.init. */
  private final int generation = RuntimeHolder.generation();
  private final Tuning tuning;
  /** How long {@code get} spins for a result before it parks. */
  private final long spinNanos;
  private final SessionInfo session;
  private final RuntimeContext context = new Context(this);

  protected BaseRuntime(ObjectStore store, Serializer serializer, ObjectIds ids, Tuning tuning,
      SessionInfo session) {
    this.session = session;
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

  /** The session's job, this node and its capacity. */
  public SessionInfo session() {
    return session;
  }

  @Override
  public RuntimeContext runtimeContext() {
    return context;
  }

  @Override
  public String currentNodeId() {
    return session.nodeId();
  }

  /** On one machine: this node, alive, with its capacity. */
  @Override
  public List<NodeInfo> nodes() {
    return List.of(new NodeInfo(session.nodeId(), SessionInfo.LOCAL_ADDRESS, true,
        io.jray.internal.resources.ResourceSet.withoutNodeResources(session.capacity().toMap())));
  }

  /** How long a wait spins for a result before it parks (see {@link Waiting}). */
  protected long spinNanos() {
    return spinNanos;
  }

  /** Completes when the object is in the store. */
  protected abstract CompletableFuture<Void> whenReady(long id);

  /**
   * Waits for objects that calls this process knows of still make, registered without a look
   * at the store; null for each object no known call makes (its get reads the store first, as a
   * worker's always does).
   */
  protected CompletableFuture<?>[] whenMade(long[] ids) {
    return new CompletableFuture<?>[ids.length];
  }

  /**
   * The object's value as this process keeps it in its own memory (a driver keeps its calls'
   * small values), or null: then its get reads the store. Asked only where
   * {@link #whenMade(long[])} found no call that makes it.
   */
  protected StoredObject localCopy(long id) {
    return null;
  }

  /** The object as this process keeps it, else as the store has it; null if neither. */
  private StoredObject localOrStored(long id) {
    StoredObject copy = localCopy(id);
    return copy != null ? copy : store.get(id);
  }

  /** Hands a task to the scheduler. */
  protected abstract void submit(TaskSpec spec);

  /**
   * Waits for the call that makes {@code id} by reading, on this thread, the channel its reply
   * comes on, if this process can (a driver can: see its ChannelReader); whether {@code ready}
   * completed. False leaves the wait to {@link Waiting}'s usual way. {@code deadline} is a
   * System.nanoTime, or 0 for none.
   */
  protected boolean readUntilMade(long id, CompletableFuture<?> ready, long deadline) {
    return false;
  }

  /** A get of one object begins on this thread. */
  protected void getting(long id) {}

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
    long id = idOf(ref);
    getting(id);
    CompletableFuture<?> ready = whenMade(new long[] {id})[0];
    long made = ready == null ? 0 : id; // a known call makes it: its reply may be read here
    StoredObject object = ready == null ? localOrStored(id) : null;
    if (object == null) {
      if (ready == null) {
        ready = whenReady(id);
      }
      try (Waiting waiting = new Waiting(this, timeout, List.of(ref))) {
        waiting.await(made, ready);
      }
      object = ObjectReady.copyOf(ready);
      if (object == null) {
        object = localOrStored(id);
      }
      if (object == null) {
        throw new ObjectLostException("The object of " + ref + " is gone: it was ready, but no"
            + " copy of it is in the store any more. Make it again (run its task again).");
      }
    }
    try (StoredObject reading = object) {
      T value = (T) StoredValues.decode(serializer, reading);
      CallTrace.mark(CallTrace.Point.GOT, id);
      return value;
    } finally {
      // The ref keeps the object alive; it must stay reachable until the data is read.
      Reference.reachabilityFence(ref);
    }
  }

  /**
   * Reads what is in the store already as it goes (one index look-up each, where asking first
   * would take two), then reads the rest as they arrive, so that a failure is thrown as soon as
   * it is stored, without waiting for slower refs (as Ray's get does). Of the refs stored at the
   * start, the first failure in the list's order is thrown. Refs whose calls are known to run
   * still ({@link #whenMade(long[])}) are not looked for: they are waited for at once.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> getAll(List<? extends ObjectRef<? extends T>> refs, Duration timeout) {
    Object[] values = new Object[refs.size()];
    long[] ids = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      ids[i] = idOf(refs.get(i));
    }
    CompletableFuture<?>[] made = whenMade(ids);
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      StoredObject object = made[i] == null ? localOrStored(ids[i]) : null;
      if (object == null) {
        missing.add(i);
        continue;
      }
      try (StoredObject reading = object) {
        values[i] = StoredValues.decode(serializer, reading);
      }
    }
    if (!missing.isEmpty()) {
      awaitEach(refs, ids, missing, values, timeout, made);
    }
    // The refs keep their objects alive; they must stay reachable until the data is read.
    Reference.reachabilityFence(refs);
    List<T> list = new ArrayList<>(values.length);
    for (Object value : values) {
      list.add((T) value);
    }
    return list;
  }

  /**
   * Reads each missing value as soon as it is stored; a stored failure is thrown at once.
   * {@code made} holds the waits registered already, by index.
   */
  private void awaitEach(List<? extends ObjectRef<?>> refs, long[] ids, List<Integer> missing,
      Object[] values, Duration timeout, CompletableFuture<?>[] made) {
    Arrivals arrivals = new Arrivals();
    CompletableFuture<?>[] ready = new CompletableFuture<?>[values.length];
    for (int i : missing) {
      ready[i] = made[i] != null ? made[i] : whenReady(ids[i]);
      ready[i].whenComplete((ignored, error) -> arrivals.add(i));
    }
    try (Waiting waiting = new Waiting(this, timeout, refs)) {
      for (int left = missing.size(); left > 0; ) {
        CompletableFuture<Void> more = arrivals.renew();
        Integer i;
        boolean any = false;
        while ((i = arrivals.poll()) != null) {
          any = true;
          left--;
          Waiting.rethrowFailure(ready[i], refs); // jray was shut down meanwhile
          StoredObject copy = ObjectReady.copyOf(ready[i]);
          values[i] = copy == null ? get(refs.get(i), null)
              : StoredValues.decode(serializer, copy);
        }
        if (!any) {
          waiting.await(more);
        }
      }
    }
  }

  /** Indices whose futures completed, and a signal, renewed by the reader, that more came. */
  private static final class Arrivals {
    private final ConcurrentLinkedQueue<Integer> done = new ConcurrentLinkedQueue<>();
    private volatile CompletableFuture<Void> signal = new CompletableFuture<>();

    void add(int index) {
      done.add(index);
      signal.complete(null);
    }

    /** A fresh signal; call before draining, so that an arrival after the drain completes it. */
    CompletableFuture<Void> renew() {
      CompletableFuture<Void> fresh = new CompletableFuture<>();
      signal = fresh;
      return fresh;
    }

    Integer poll() {
      return done.poll();
    }
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
    if (numReturns < 0 || numReturns > refs.size()) {
      throw new IllegalArgumentException("numReturns must be between 0 and the number of refs ("
          + refs.size() + "), was " + numReturns);
    }
    List<CompletableFuture<Void>> futures = new ArrayList<>(refs.size());
    for (ObjectRef<T> ref : refs) {
      long id = idOf(ref);
      futures.add(store.contains(id) ? CompletableFuture.completedFuture(null) : whenReady(id));
    }
    long start = System.nanoTime();
    Object signal = new Object();
    futures.forEach(f -> f.whenComplete((ignored, error) -> {
      synchronized (signal) {
        signal.notifyAll();
      }
    }));
    boolean blocked = false;
    try {
      synchronized (signal) {
        while (countDone(futures) < numReturns) {
          long left = timeout == null ? Long.MAX_VALUE
              : Waiting.nanos(timeout) - (System.nanoTime() - start);
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
    for (CompletableFuture<Void> future : futures) {
      // Failed rather than became ready: jray was shut down meanwhile.
      Waiting.rethrowFailure(future, refs);
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
    long id = idOf(ref);
    CompletableFuture<Void> ready =
        store.contains(id) ? CompletableFuture.completedFuture(null) : whenReady(id);
    // Read on the pool, not on the thread that completes `ready` (the reader of the channel).
    CompletableFuture<T> value = new RefFuture<>(this);
    ready.whenCompleteAsync((ignored, error) -> {
      if (error != null) {
        value.completeExceptionally(Waiting.failure(error, List.of(ref)));
        return;
      }
      try {
        value.complete(get(ref, null));
      } catch (Throwable t) {
        value.completeExceptionally(t);
      }
    });
    return value;
  }

  /**
   * The ref's id, once it is known to be of this session: a ref kept across Ray.shutdown() and
   * Ray.init() names an object of a store that is gone, and would wait for it forever.
   */
  private long idOf(ObjectRef<?> ref) {
    ObjectRefImpl<?> impl = (ObjectRefImpl<?>) ref;
    if (impl.generation() != generation) {
      throw new RayException(ref + " comes from an earlier Ray.init(): its objects went with"
          + " that session's Ray.shutdown(). Make refs again (Ray.put, or call the task again)"
          + " after Ray.init().");
    }
    return impl.id();
  }

  @Override
  public <R> ObjectRef<R> submitTask(TaskFunction<R> function, Object[] args) {
    TaskSpec spec = taskSpec(function, args);
    ObjectRefImpl<R> result = submitForResult(spec);
    // The spec holds only ids: a ref the caller dropped at once could be collected, and its
    // object freed, before the scheduler counted the task as needing it.
    Reference.reachabilityFence(args);
    return result;
  }

  /** A task's call as it travels, with the options of the {@code TaskOptions.run} it is in. */
  protected TaskSpec taskSpec(TaskFunction<?> function, Object[] args) {
    TaskOptions options = TaskOptions.current();
    TaskSpec spec = encode(ids.next(), function.id(), function.displayName(),
        options == null ? function.maxRetries() : options.maxRetriesOr(function.maxRetries()),
        options != null && options.retryExceptions(),
        options == null ? function.resources() : function.resources().with(options.resources()),
        args);
    if (options != null && !options.retryOn().isEmpty()) {
      spec = spec.withRetryOn(options.retryOn().toArray(new String[0]));
    }
    return spec;
  }

  /** An actor method's call as it travels: it holds nothing of its own (see callActor). */
  protected TaskSpec actorCallSpec(ActorMethod<?, ?> method, Object[] args) {
    return encode(ids.next(), method.id(), method.displayName(), 0, false, ResourceSet.EMPTY,
        args);
  }

  /**
   * A call as it travels: value arguments serialized (large ones put in the store and passed as
   * refs, so the control channel only carries small frames), ref arguments as ids.
   */
  protected TaskSpec encode(long id, String functionId, String displayName, int maxRetries,
      boolean retryExceptions, ResourceSet resources, Object[] args) {
    byte[][] values = new byte[args.length][];
    long[] refs = new long[args.length];
    long[] nested = new long[0];
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof ObjectRef) {
        refs[i] = idOf((ObjectRef<?>) args[i]);
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
    return new TaskSpec(id, functionId, displayName, maxRetries, retryExceptions, values, refs,
        nested, resources, NO_GPUS);
  }

  /**
   * Encodes an actor's constructor call; the actor's id is the call's id, and its resources
   * are what the actor holds while it lives.
   */
  protected TaskSpec encodeCreation(long actorId, ActorConstructor<?> constructor,
      ActorOptions options, Object[] args) {
    ActorClass<?> actorClass = constructor.actorClass();
    return encode(actorId, constructor.id(), actorClass.displayName() + ".<init>", 0, false,
        actorClass.resources().with(options.resources()), args);
  }

  @Override
  public <R> ObjectRef<R> callActor(ActorRef actor, ActorMethod<?, R> method, Object[] args) {
    // A call holds nothing of its own: the actor holds its resources while it lives.
    TaskSpec call = actorCallSpec(method, args);
    ObjectRefImpl<R> result = callForResult(actor.id(), call);
    Reference.reachabilityFence(args); // as in submitTask
    return result;
  }

  @Override
  public void exitActor() {
    throw new RayException("Ray.exitActor() ends the actor whose method calls it, and this code"
        + " runs outside any actor. To end an actor from elsewhere, call Ray.kill(handle).");
  }

  /** Submits a task and returns the caller's ref to its result. */
  protected <R> ObjectRefImpl<R> submitForResult(TaskSpec spec) {
    // The ref first: the driver must hear that we hold the result before the task can finish.
    ObjectRefImpl<R> result = new ObjectRefImpl<>(spec.taskId());
    submit(spec);
    return result;
  }

  /** Submits an actor call and returns the caller's ref to its result. */
  protected <R> ObjectRefImpl<R> callForResult(long actorId, TaskSpec call) {
    ObjectRefImpl<R> result = new ObjectRefImpl<>(call.taskId()); // first, as in submitForResult
    submitActorCall(actorId, call);
    return result;
  }

  /** Hands an actor call to the driver's actor table. */
  protected abstract void submitActorCall(long actorId, TaskSpec call);

  private static long[] concat(long[] a, long[] b) {
    if (b.length == 0) {
      return a;
    }
    long[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static int countDone(List<CompletableFuture<Void>> futures) {
    int done = 0;
    for (CompletableFuture<Void> future : futures) {
      done += future.isDone() ? 1 : 0;
    }
    return done;
  }
}
