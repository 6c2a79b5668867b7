package io.jray.internal.worker;

import io.jray.RayConfig;
import io.jray.Tuning;
import io.jray.internal.CallTrace;
import io.jray.internal.Log;
import io.jray.internal.ObjectRefSerializer;
import io.jray.internal.RayErrors;
import io.jray.internal.RuntimeHolder;
import io.jray.internal.SessionInfo;
import io.jray.internal.driver.SessionDir;
import io.jray.internal.metrics.UserMeterReporter;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.refs.LocalRefs;
import io.jray.internal.resources.ResourceSet;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker process: opens the session's store, introduces itself to the driver, then runs what it
 * is sent until the driver says stop or goes away. A worker never outlives its driver.
 *
 * <p>Arguments: session folder, control socket, worker tag, driver pid, then the driver's tuning
 * ({@link TuningArgs}). The session secret comes in the environment, where other users cannot
 * read it.
 */
public final class WorkerMain {
  public static final String SECRET_ENV = "JRAY_SESSION_SECRET";
  /** The GPU devices an actor's host holds, as CUDA reads them; unset if it holds none. */
  public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
  public static final String LOG_LEVEL_PROPERTY = "jray.logLevel";
  /** The argument that gives the node's capacity, after the tuning: {@code --capacity=CPU=2,...}. */
  public static final String CAPACITY_ARG = "--capacity=";
  /**
   * Set (to true) on the workers of a driver that runs on one machine: the small value of a task
   * the driver submitted is not stored, only sent in TASK_DONE, and the driver keeps it in its
   * own memory, as Ray's owner keeps small returns, storing it only once a worker needs it. That
   * spares the task a store put (the most costly step of a fresh worker's call) and the driver a
   * delete when the result is freed. So do actors' hosts, which keep a copy of the value of a
   * reply they hold back in their held values (see Calls.storeValue). A job host's workers store
   * every value: the cluster's driver reads results from the node's store.
   */
  public static final String OWNER_KEEPS_PROPERTY = "jray.ownerKeepsSmallResults";
  /**
   * Set (to true) on the worker that records the workers' class-data archive as it exits: before
   * it does, it rehearses the object store ({@code ObjectStore.rehearse}), whose classes a worker
   * loads only at its first use of the store, so that later workers find them in the archive.
   * {@code bin/jray run} sets it on a driver that records its own archive, which rehearses the
   * store likewise as it shuts down.
   */
  public static final String RECORDS_ARCHIVE_PROPERTY = "jray.recordsArchive";

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Path sessionDir = Paths.get(args[0]);
    Path socket = Paths.get(args[1]);
    int tag = Integer.parseInt(args[2]);
    long driverPid = Long.parseLong(args[3]);
    List<String> rest = Arrays.asList(args).subList(4, args.length);
    Tuning tuning = TuningArgs.parse(
        rest.stream().filter(arg -> !arg.startsWith(CAPACITY_ARG)).toList());
    ResourceSet capacity = rest.stream().filter(arg -> arg.startsWith(CAPACITY_ARG))
        .map(arg -> ResourceSet.parse(arg.substring(CAPACITY_ARG.length())))
        .findFirst().orElse(ResourceSet.EMPTY);
    Log.setLevel(RayConfig.LogLevel.valueOf(
        System.getProperty(LOG_LEVEL_PROPERTY, RayConfig.LogLevel.WARN.name())));
    exitWhenDriverDies(driverPid, sessionDir);
    JvmExit.JVM.watch();

    ObjectStore store = ObjectStore.open(sessionDir, tuning.storeLockTimeout());
    byte[] secret = System.getenv(SECRET_ENV).getBytes(StandardCharsets.UTF_8);
    Serializer serializer = new Serializer(ObjectRefSerializer::register);
    DriverChannel.Process process = new DriverChannel.Process(sessionDir, socket, secret, store,
        serializer, tuning, SessionInfo.of(sessionDir, capacity));
    DriverChannel own = DriverChannel.open(process, tag);
    LocalRefs.setCurrent(own.refs);
    // Kryo's first use, 10-20 ms, goes here rather than into the first task: the driver is still
    // on its way to sending it.
    serializer.deserialize(ByteBuffer.wrap(serializer.serialize(0)));
    RuntimeHolder.set(own.runtime);
    UserMeterReporter meters = UserMeterReporter.start(own.connection);
    boolean toldToStop = serve(process, own, tuning.repliesPerWrite());
    if (toldToStop) {
      meters.close(); // the last values, for a scrape after the worker is gone
      if (Boolean.getBoolean(RECORDS_ARCHIVE_PROPERTY)) {
        store.rehearse(own.runtime.newObjectId()); // the driver waits for this worker's exit
      }
    }
    if (!toldToStop) {
      cleanUpAfterDeadDriver(driverPid, sessionDir);
    }
    FlightRecordings.writeBeforeHalt();
    CallTrace.write();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(toldToStop ? 0 : 3);
  }

  /**
   * Serves the driver; true if it said to stop, false if the channel ended without a word. The
   * first frame says what this process is: an actor's host gets CREATE_ACTOR first; a host that
   * actors share, OPEN_LANE; a worker of the pool, tasks.
   */
  private static boolean serve(DriverChannel.Process process, DriverChannel own,
      int repliesPerWrite) throws InterruptedException {
    Connection driver = own.connection;
    WorkerRuntime runtime = own.runtime;
    GeneratorCredits credits = own.generators.credits();
    ToWorker first;
    try {
      first = driver.receiveToWorker();
    } catch (IOException e) {
      Log.debug("The control channel ended before any work came: {}", e.toString());
      return false;
    }
    if (first instanceof ToWorker.CreateActor create) {
      ActorHost host = new ActorHost(own.calls, driver, repliesPerWrite,
          process.heldValues(own.tag), create,
          frame -> handle(runtime, credits, null, frame));
      runtime.setRunner(host);
      return host.serve();
    }
    if (first instanceof ToWorker.OpenLane lane) {
      return new SharedHost(process, own, repliesPerWrite).serve(lane);
    }
    TaskRunner runner = new TaskRunner(own.calls, driver);
    runtime.setRunner(runner);
    try {
      if (!handle(runtime, credits, runner, first)) {
        return true;
      }
    } catch (IOException e) {
      Log.error("Control channel failed: {}", e.toString());
      return false;
    }
    return runner.serve(frame -> handle(runtime, credits, runner, frame));
  }

  /**
   * One frame that the reading thread handles itself; false once told to stop. {@code runner}
   * is null in an actor's host, which takes its calls before they come here.
   */
  static boolean handle(WorkerRuntime runtime, GeneratorCredits credits,
      TaskRunner runner, ToWorker frame) throws IOException {
    // The most frequent kinds come first.
    if (runner != null && frame instanceof ToWorker.Execute execute) {
      runner.enqueue(FrameType.EXECUTE, execute.spec());
    } else if (runner != null && frame instanceof ToWorker.ExecuteBatch batch) {
      for (TaskSpec spec : batch.specs()) {
        runner.enqueue(FrameType.EXECUTE, spec);
      }
    } else if (frame instanceof ToWorker.ObjectReady ready) {
      runtime.objectReady(ready.id());
    } else if (frame instanceof ToWorker.ObjectFailed failed) {
      runtime.objectFailed(failed.id(), RayErrors.rebuild(failed.errorClass(), failed.message()));
    } else if (frame instanceof ToWorker.Response response) {
      runtime.answered(response);
    } else if (frame instanceof ToWorker.GeneratorConsumed consumed) {
      credits.consumed(consumed.taskId(), consumed.consumed());
    } else if (runner != null && frame instanceof ToWorker.Recall recall) {
      runner.recall(recall.taskIds());
    } else if (runner != null && frame instanceof ToWorker.CancelTask cancel) {
      runner.cancel(cancel.taskId());
    } else if (frame instanceof ToWorker.Shutdown) {
      return false;
    } else {
      throw new IOException("unexpected frame type " + frame.type() + " from the driver");
    }
    return true;
  }

  /**
   * The channel closed without a word: the driver died (the kernel closed its end) or is dying.
   * If it is gone, nobody else will remove the session's files, so remove them here.
   */
  private static void cleanUpAfterDeadDriver(long driverPid, Path sessionDir) {
    Optional<ProcessHandle> driver = ProcessHandle.of(driverPid);
    try {
      if (driver.isPresent()) {
        driver.get().onExit().get(2, TimeUnit.SECONDS);
      }
      SessionDir.deleteTree(sessionDir);
      SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
    } catch (TimeoutException e) {
      // The driver lives on (it closed our channel on purpose): its files are its own.
    } catch (InterruptedException | ExecutionException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Exits at once when the driver's process ends, even by SIGKILL, and removes the session's
   * files, since a dead driver cannot.
   */
  private static void exitWhenDriverDies(long driverPid, Path sessionDir) {
    ProcessHandle.of(driverPid).ifPresentOrElse(
        driver -> driver.onExit().thenRun(() -> {
          SessionDir.deleteTree(sessionDir);
          SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
          FlightRecordings.writeBeforeHalt();
          Runtime.getRuntime().halt(3);
        }),
        () -> Runtime.getRuntime().halt(3));
  }
}
