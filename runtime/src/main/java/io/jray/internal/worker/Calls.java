package io.jray.internal.worker;

import io.jray.ObjectLostException;
import io.jray.TaskFailedException;
import io.jray.internal.CallTrace;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.StoredValues;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.HeldValues;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.refs.ContainedRefs;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.FunctionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What running one call takes in a worker, whoever runs it (the pool's {@link TaskRunner} or an
 * {@link ActorHost}): its arguments read from the store, its body run, and its value or error
 * stored under the call's id before the driver hears that it is done.
 */
final class Calls {
  private static final long[] NO_REFS = new long[0];
  private final ObjectStore store;
  private final Serializer serializer;
  private final Connection driver;
  private final long pid = ProcessHandle.current().pid();
  /** Streams the values of generator calls; null where none runs (tests of other calls). */
  private final GeneratorProducer generators;
  private final JvmExit exit;

  Calls(ObjectStore store, Serializer serializer, Connection driver) {
    this(store, serializer, driver, null);
  }

  Calls(ObjectStore store, Serializer serializer, Connection driver,
      GeneratorProducer generators) {
    this(store, serializer, driver, generators, JvmExit.JVM);
  }

  Calls(ObjectStore store, Serializer serializer, Connection driver,
      GeneratorProducer generators, JvmExit exit) {
    this.store = store;
    this.serializer = serializer;
    this.driver = driver;
    this.generators = generators;
    this.exit = exit;
  }

  /**
   * What a call left: a one-line summary of its error, if it failed; and whether its value or
   * error is in the store (if not, the driver fails the ref itself). The refs inside the value
   * went to the driver before it was stored (see {@link #announceContained}), and any RELEASE of
   * them goes after that frame, so the value need not be kept alive until TASK_DONE. A small
   * value's bytes come back too, as {@code value}, to travel in TASK_DONE; {@code onlyCopy} if
   * they went nowhere else (see {@link WorkerMain#OWNER_KEEPS_PROPERTY}).
   */
  record Outcome(String error, boolean stored, boolean retry, byte[] value, boolean onlyCopy) {
    Outcome(String error, boolean stored) {
      this(error, stored, false, null, false);
    }

    Outcome(String error, boolean stored, boolean retry) {
      this(error, stored, retry, null, false);
    }
  }

  /** See {@link WorkerMain#OWNER_KEEPS_PROPERTY}. */
  private static final boolean OWNER_KEEPS =
      Boolean.getBoolean(WorkerMain.OWNER_KEEPS_PROPERTY);

  /**
   * The largest value whose bytes travel in TASK_DONE as well as in the store: the driver's get
   * of such a result reads no shared memory, as Ray's owner keeps small returns in its own
   * memory. Small enough that a reply nobody waits for costs next to nothing; a held reply's
   * slot in its host's held values takes any such copy.
   */
  static final int VALUE_COPY_LIMIT = HeldValues.MAX_VALUE_BYTES;

  /** A call the driver cancelled while it ran: its ref has failed, and nothing is stored. */
  private static final Outcome DROPPED = new Outcome("cancelled", true);

  /**
   * A call that failed once its JVM had begun to exit: nothing is stored and the driver is not
   * told, so it counts the call lost with the process (see {@link JvmExit}).
   */
  static final Outcome LOST_WITH_THE_JVM = new Outcome("lost with its JVM, which exits", false);

  /** What to run once the arguments are values. */
  @FunctionalInterface
  interface Body {
    Object run(TaskSpec spec, Object[] args) throws Throwable;
  }

  /** Runs a call and stores its value, or its error, under the call's id. */
  Outcome runAndStore(TaskSpec spec, Body body) {
    return runAndStore(spec, body, () -> false);
  }

  /**
   * Runs a call once and stores its value, or its error, under the call's id; but stores
   * nothing if {@code cancelled} says so once the body has ended (the driver failed the ref), or
   * if the call threw an exception that it is to run again for ({@link TaskSpec#retriesOn}): the
   * driver runs it again, within the one budget of retries it keeps.
   */
  Outcome runAndStore(TaskSpec spec, Body body, BooleanSupplier cancelled) {
    Object result;
    try {
      result = body.run(spec, resolveArguments(spec));
    } catch (Throwable t) {
      if (cancelled.getAsBoolean()) {
        return DROPPED;
      }
      if (!(t instanceof FailedDependency) && spec.retriesOn(t)) {
        // The driver says so as it runs it again.
        Log.debug("{} threw {} in run {}: it is to run again", spec.displayName(),
            t.toString(), Math.max(spec.attempt(), 1));
        return new Outcome(summary(t), false, true);
      }
      return storeFailure(spec, t);
    }
    CallTrace.mark(CallTrace.Point.BODY_DONE, spec.taskId());
    if (cancelled.getAsBoolean()) {
      return DROPPED;
    }
    return storeValue(spec, result);
  }

  /**
   * Runs a call's body with its arguments resolved; throws what it threw (a failed argument as
   * {@link FailedDependency}).
   */
  Object invoke(TaskSpec spec, Body body) throws Throwable {
    return body.run(spec, resolveArguments(spec));
  }

  /** A pool task's body: an async one's value is its future's, waited for here. */
  static Object runTask(TaskSpec spec, Object[] args) throws Throwable {
    var function = FunctionRegistry.task(spec.functionId());
    Object result = Streaming.wrapIf(function.generator(), function.invoker().invoke(args),
        spec.displayName());
    if (function.async() && result instanceof CompletionStage<?> stage) {
      return Futures.await(stage);
    }
    return result;
  }

  /**
   * Stores a call's value; a value that cannot be serialized or stored fails the call. A
   * generator's values are stored one by one, then its end (see {@link GeneratorProducer}).
   */
  Outcome storeValue(TaskSpec spec, Object result) {
    return storeValue(spec, result, true);
  }

  /**
   * As {@link #storeValue(TaskSpec, Object)}; {@code mayKeep}: a small value of the driver's call
   * may be left to the driver alone (see {@link WorkerMain#OWNER_KEEPS_PROPERTY}), since the
   * TASK_DONE goes at once.
   */
  Outcome storeValue(TaskSpec spec, Object result, boolean mayKeep) {
    return storeValue(spec, result, mayKeep ? Keeper.SENT_AT_ONCE : null);
  }

  /**
   * Where a small value without refs inside, of a call the driver made, goes instead of the
   * store, when the driver keeps such values (see {@link WorkerMain#OWNER_KEEPS_PROPERTY}).
   */
  @FunctionalInterface
  interface Keeper {
    /** Nowhere else: its TASK_DONE goes at once. */
    Keeper SENT_AT_ONCE = (id, value) -> true;

    /** Keeps a copy of the value until its TASK_DONE has gone; false to store it instead. */
    boolean keep(long id, byte[] value);
  }

  /**
   * As {@link #storeValue(TaskSpec, Object)}, but a small value of the driver's call goes to
   * {@code keeper} (if not null) rather than into the store. An actor's host that holds a reply
   * back keeps its value in {@link io.jray.internal.protocol.HeldValues}: should the host die
   * before writing it, the driver finds it there and takes the call as done rather than running
   * it again, as it does for a value in the store.
   */
  Outcome storeValue(TaskSpec spec, Object result, Keeper keeper) {
    if (result instanceof Streaming streaming && generators != null) {
      return generators.run(this, spec, streaming);
    }
    try {
      return storeResult(spec.taskId(), result, keeper);
    } catch (Throwable t) {
      return storeFailure(spec, t);
    }
  }

  /**
   * A call's own value, under {@code id}: as {@link #storeObject}, except that a small value
   * without refs inside, of a call the driver made, goes to {@code keeper} (if not null) when
   * the driver keeps such values (see {@link WorkerMain#OWNER_KEEPS_PROPERTY}).
   */
  private Outcome storeResult(long id, Object value, Keeper keeper) {
    byte[][] copy = {null};
    boolean[] onlyCopy = {false};
    ContainedRefs.collect(() -> {
      serializer.serialize(value, parts -> {
        long[] contained = ContainedRefs.soFar();
        copy[0] = copyIfSmall(parts);
        if (keeper != null && copy[0] != null && contained.length == 0 && ownerKeeps(id)
            && keeper.keep(id, copy[0])) {
          onlyCopy[0] = true;
          return;
        }
        announceContained(id, contained);
        store.put(id, StoredValues.VALUE, parts);
      });
      return null;
    });
    return new Outcome(null, true, false, copy[0], onlyCopy[0]);
  }

  /** Whether the driver keeps this small value: it made the call, and runs on one machine. */
  private static boolean ownerKeeps(long id) {
    return OWNER_KEEPS && ObjectIds.processTagOf(id) == ObjectIds.DRIVER_TAG;
  }

  /**
   * Stores a value under {@code id}, the refs inside it told to the driver first. Returns a copy
   * of its bytes if there are at most {@link #VALUE_COPY_LIMIT}, else null.
   */
  byte[] storeObject(long id, Object value) {
    return storeResult(id, value, null).value();
  }

  private static byte[] copyIfSmall(ByteBuffer[] parts) {
    long size = Serializer.size(parts);
    if (size > VALUE_COPY_LIMIT) {
      return null;
    }
    byte[] copy = new byte[(int) size];
    int at = 0;
    for (ByteBuffer part : parts) {
      int n = part.remaining();
      part.get(part.position(), copy, at, n);
      at += n;
    }
    return copy;
  }

  /**
   * True once the JVM is seen to exit: a call that has not started does not start, and the driver
   * is not told of it (see {@link JvmExit}). A volatile read.
   */
  boolean exiting() {
    return exit.seen();
  }

  /**
   * True if the JVM has begun to exit, however short a while ago: a failure now may be the exit's
   * doing, and is not reported (see {@link JvmExit}).
   */
  boolean exitBegun() {
    return exit.begun();
  }

  /**
   * Stores what a call threw; a failed dependency fails it with the same error, as in Ray. Once
   * the JVM has begun to exit, stores nothing and returns {@link #LOST_WITH_THE_JVM}.
   */
  Outcome storeFailure(TaskSpec spec, Throwable t) {
    if (exit.begun()) {
      Log.debug("{} failed as the JVM exits ({}): left to the driver, as lost with it",
          spec.displayName(), summary(t));
      return LOST_WITH_THE_JVM;
    }
    if (t instanceof FailedDependency e) {
      return storeError(spec, "a task it depends on failed", () -> e.error);
    }
    return storeError(spec, summary(t),
        () -> StoredValues.error(serializer, spec.displayName(), pid, t));
  }

  /**
   * The TASK_DONE of a call with this outcome, which started at {@code startMicros} (see
   * {@link #epochMicros}) and ends now, on this thread: the timeline's event.
   */
  static ToDriver.TaskDone done(TaskSpec spec, Outcome outcome, long startMicros) {
    // The refs inside the result went in CONTAINS, before it was stored.
    return new ToDriver.TaskDone(spec.taskId(), outcome.error(), NO_REFS, outcome.stored(),
        startMicros, epochMicros(), Thread.currentThread().getId(), outcome.retry(),
        outcome.value(), outcome.onlyCopy());
  }

  /** Now, in microseconds since the epoch (the timeline's unit). */
  static long epochMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
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
      return new Outcome(summary, true);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      Log.warn("Could not store the error of {} ({}): {}", spec.displayName(), summary,
          e.toString());
      String why = " (its full error could not be stored: " + e.getMessage() + ")";
      try {
        store.put(spec.taskId(), StoredValues.ERROR, StoredValues.error(serializer,
            spec.displayName(), pid, new TaskFailedException(summary + why, null)));
        return new Outcome(summary, true);
      } catch (RuntimeException again) {
        return new Outcome(summary + why, false);
      }
    }
  }

  /**
   * Runs an actor's constructor; throws what it threw, a failed argument as the error stored
   * for that argument.
   */
  Object construct(TaskSpec constructor) throws Throwable {
    try {
      Object[] args = resolveArguments(constructor);
      return FunctionRegistry.constructor(constructor.functionId()).invoker().invoke(args);
    } catch (FailedDependency e) {
      throw (Throwable) serializer.deserialize(errorThrowable(e.error));
    }
  }

  static String summary(Throwable t) {
    String summary = t.getClass().getName() + ": " + t.getMessage();
    return summary.length() > 500 ? summary.substring(0, 500) + "..." : summary;
  }

  Object[] resolveArguments(TaskSpec spec) {
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

  /** An argument's task failed; carries that stored error. */
  static final class FailedDependency extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] error;

    FailedDependency(byte[] error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
