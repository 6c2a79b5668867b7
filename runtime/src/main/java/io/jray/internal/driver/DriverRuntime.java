package io.jray.internal.driver;

import io.jray.ActorOptions;
import io.jray.ObjectLostException;
import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.internal.BaseRuntime;
import io.jray.internal.CallTrace;
import io.jray.internal.LegacyProperties;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectReady;
import io.jray.internal.ObjectRefImpl;
import io.jray.internal.ObjectRefSerializer;
import io.jray.internal.SessionInfo;
import io.jray.internal.StoredValues;
import io.jray.internal.dashboard.Dashboard;
import io.jray.internal.dashboard.StateRecorder;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.HeldValues;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.refs.LocalRefs;
import io.jray.internal.resources.NodeCapacity;
import io.jray.internal.resources.ResourceSet;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ChroniclePreflight;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.ActorRef;
import io.jray.internal.stub.TaskFunction;
import io.jray.internal.worker.WorkerMain;
import io.jray.state.RayState;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime of the process that called {@code Ray.init}: it owns the session folder, the store,
 * the control socket, the scheduler and every worker process, and it alone removes them.
 */
public final class DriverRuntime extends BaseRuntime implements ControlServer.Handler {
  private static final long WORKER_START_TIMEOUT_SECONDS = 180;
  private static final long READER_END_TIMEOUT_MILLIS = 1000;
  /**
   * How long a closed lane waits to see whether its host is exiting, so that an actor that died
   * with its host is told so (and its exit code) rather than that its lane closed.
   */
  private static final long LANE_HOST_EXIT_WAIT_MILLIS = 300;
  /** How long a put that finds the store full waits for dropped refs to free objects. */
  private static final long RECLAIM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long RECLAIM_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final SessionDir session;
  private final ObjectDirectory directory;
  /** The small values of this driver's calls that only it has (see OwnedValues). */
  private final OwnedValues owned;
  private final DriverCore core;
  private final CoreShell shell;
  private final LocalRefs localRefs;
  /** Objects of job hosts' making that the driver holds refs to, by the slot that keeps them. */
  private final Map<Long, Integer> borrowed = new java.util.concurrent.ConcurrentHashMap<>();
  /** The tag of this runtime's own ids; its workers' tags follow it (see ObjectIds). */
  private final int ownTag;
  private final AtomicInteger nextTag;
  private final ControlServer server;
  /** The gets that wait the usual way, which every channel's own thread then reads for. */
  private final ChannelReader.Waiters waiters = new ChannelReader.Waiters();
  /** Whether a get reads its call's reply itself (Tuning's callerReadsReply). */
  private final boolean callerReadsReply;
  /**
   * Each thread's last call: where a get finds its reply, and whether the thread calls without
   * waiting (see {@link #calling}).
   */
  private final ThreadLocal<LastCall> lastCall = ThreadLocal.withInitial(LastCall::new);
  private final WorkerLauncher launcher;
  private final ConcurrentHashMap<Integer, Worker> launched = new ConcurrentHashMap<>();
  private final StateRecorder events;
  private volatile Dashboard dashboard;
  /** Where the results of this driver's tasks on a cluster's nodes are. */
  private final ObjectPlaces places = new ObjectPlaces();
  /** The cluster this driver runs its tasks on, or null on one machine. */
  private volatile ClusterLink cluster;
  /** Results being copied home from the cluster, so that two gets copy once. */
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> pulls = new ConcurrentHashMap<>();

  /** What a driver's runtime needs of a cluster; io.jray.internal.cluster provides it. */
  public interface ClusterLink extends AutoCloseable {
    /** Sends a task to the job host of {@code slot} (see Effect.Execute). */
    void execute(int slot, TaskSpec spec, long[] ids, int[] slots);

    /** Creates an actor in the job host of {@code slot} (see Effect.CreateRemoteActor). */
    void createActor(int slot, String className, int maxRestarts, int maxTaskRetries,
        int maxConcurrency, int groupThreads, boolean isolated, TaskSpec creation, long[] ids,
        int[] slots);

    /**
     * Creates a detached actor in the detached host of the node of {@code slot}; what follows
     * comes back through {@link DriverRuntime#detachedCreated} or {@link
     * DriverRuntime#detachedFailed}.
     */
    void createDetachedActor(int slot, String className, String name, int maxRestarts,
        int maxTaskRetries, int maxConcurrency, int groupThreads, boolean isolated,
        TaskSpec creation, long[] ids, int[] slots, boolean restart);

    /** Sends a call to an actor in the job host of {@code slot} (see Effect.Execute). */
    void callActor(int slot, long actorId, TaskSpec call, long[] ids, int[] slots);

    /** Ends an actor in the job host of {@code slot} for good. */
    void killActor(int slot, long actorId);

    /**
     * Cancels the task whose result is {@code id} in the job host of {@code slot}, whose result
     * the driver holds no more (see Effect.CancelRemoteTask).
     */
    void cancel(int slot, long id, boolean force, boolean recursive);

    /** Tells the job host of {@code toSlot} how a call it forwarded ended. */
    void tellForwarded(int toSlot, long id, int atSlot, String errorClass, String error);

    /** Another driver's detached actor, as this driver reaches it. */
    record DetachedActor(int slot, long actorId, String className) {}

    /**
     * Takes a detached actor's name in the driver's namespace of the cluster, for the actor being
     * created; throws if an actor has it.
     */
    void reserveDetachedName(String name, String className);

    /** Gives back a name taken by {@link #reserveDetachedName} for a creation that failed. */
    void releaseDetachedName(String name);

    /** The detached actor of this name in the driver's namespace, or null if there is none. */
    DetachedActor findDetached(String name);

    /** Every node of the cluster, alive or not, with what its work holds. */
    List<io.jray.internal.dashboard.NodeStatus> nodes();

    /** The driver holds these results of {@code slot} no more. */
    void release(int slot, long[] ids);

    /**
     * The driver holds refs to these objects that a worker of {@code slot}'s job host made (it
     * found them inside a value): that job host keeps them until it hears {@link #release}.
     */
    void hold(int slot, long[] ids);

    /** Copies the object from the job host of {@code slot} into this store. */
    void pull(long id, int slot) throws IOException;

    /** Completes once the job host of {@code slot} has stored the object (or fails, why). */
    CompletableFuture<?> awaitStored(long id, int slot);

    @Override
    void close();
  }
  /** The driver's streaming generators that have not ended. */
  private final GeneratorStreams generators;
  private final Thread shutdownHook = new Thread(this::shutdown, "jray-shutdown");
  private volatile boolean shutDown;

  private DriverRuntime(RayConfig config, SessionDir session, ObjectStore store, int slot,
      ResourceSet capacity) {
    super(store, new Serializer(userClassesSerializer()),
        new ObjectIds(ObjectIds.runtimeTagOf(slot)), config.tuning(),
        SessionInfo.of(session.path(), capacity));
    this.ownTag = ObjectIds.runtimeTagOf(slot);
    this.callerReadsReply = config.tuning().callerReadsReply();
    this.nextTag = new AtomicInteger(ownTag + 1);
    this.events = StateRecorder.forDriver(config.maxFinishedTasks());
    this.session = session;
    HeldCalls heldCalls = new HeldCalls();
    this.owned = new OwnedValues((id, value) -> store.put(id, StoredValues.VALUE, value));
    this.directory = new ObjectDirectory(store, heldCalls, this::unmade,
        this::settlesEach, ownTag, owned);
    String secret = newSecret();
    var socket = session.path().resolve("control.sock");
    // A job host's workers store every value: the cluster's driver reads them from its store.
    this.launcher = new WorkerLauncher(session.path(), socket, secret, config, capacity,
        slot == 0);
    this.shell = new CoreShell(launcher, launched, events, directory, heldCalls, store,
        serializer, this::workerProcessEnded);
    this.core = new DriverCore(capacity, config.maxWorkers(), config.tuning(),
        new DriverCore.World(id -> owned.storeIfKept(id) || store.contains(id),
            System::nanoTime,
            slot == 0 ? nextTag::getAndIncrement : this::nextTagInSlot, AvailableMemory::bytes,
            this::deleteFreedObjects, directory::forget, events, shell, owned), places);
    // Every ref of the driver's counts in the core itself: one count per put, not two.
    this.localRefs = LocalRefs.everyRef(new LocalRefs.Listener() {
      @Override
      public void acquired(long id) {
        core.localAcquired(id);
        borrow(id);
      }

      @Override
      public void released(long id) {
        core.localReleased(id);
      }

      @Override
      public void released(long[] ids, int count) {
        core.localReleased(ids, count); // one hold of the core's lock per batch
      }

      @Override
      public void batchDone() {
        core.deleteFreed();
      }
    });
    LocalRefs.setCurrent(localRefs);
    store.setReclaimer(this::collectDroppedRefs);
    try {
      this.server = new ControlServer(socket, secret, this, config.tuning().lateFrameDelay(),
          waiters);
    } catch (RuntimeException e) {
      // Give back the threads taken so far; start() releases the store and the folder.
      shell.close();
      localRefs.close();
      throw e;
    }
    this.generators = new GeneratorStreams(new GeneratorStream.Seams() {
      @Override
      public boolean endFailed(ObjectRef<?> end) {
        try {
          get(end, null);
          return false;
        } catch (RuntimeException e) {
          return true;
        }
      }

      @Override
      public void discard(long itemId) {
        core.localAcquired(itemId);
        core.localReleased(itemId);
        core.deleteFreed();
      }

      @Override
      public void waits() {
        waiters.parked(); // its values come on a channel its own thread must then read at once
      }

      @Override
      public void waited() {
        waiters.unparked();
      }
    });
    shell.onSettled(generators::settled);
    shell.drive(core);
  }

  /** A job host's next worker tag, which must stay in its slot (see ObjectIds). */
  private int nextTagInSlot() {
    int tag = nextTag.getAndIncrement();
    if (ObjectIds.slotOfTag(tag) != ObjectIds.slotOfTag(ownTag)) {
      throw new RayException("This job host has started " + (tag - ownTag) + " worker processes,"
          + " the most one may: start the job again.");
    }
    return tag;
  }

  /** Whether no task or call of the core's will make the object (see ObjectDirectory). */
  private boolean unmade(long id) {
    return !core.willSettle(id) && places.slotOf(id) < 0;
  }

  /** Whether a task or call of the core's will still settle each object (see ObjectDirectory). */
  private boolean[] settlesEach(long[] ids) {
    return core.willSettle(ids);
  }

  @Override
  protected CompletableFuture<?>[] whenMade(long[] ids) {
    // A cluster's objects are found by their place instead.
    return cluster == null ? directory.whenMade(ids) : super.whenMade(ids);
  }

  @Override
  protected StoredObject localCopy(long id) {
    return ObjectReady.copyOf(owned.copy(id));
  }

  /** Starts everything, and returns once every worker is ready for tasks. */
  public static DriverRuntime start(RayConfig config) {
    return start(config, 0, null, null);
  }

  /**
   * A cluster's job host: the runtime a node runs for one driver's job, with its own store and
   * workers, whose ids carry {@code slot} (1 or more), given by the driver.
   */
  public static DriverRuntime startJobHost(RayConfig config, int slot, String jobId,
      String nodeId) {
    if (slot < 1) {
      throw new IllegalArgumentException("a job host's slot is 1 or more, was " + slot);
    }
    return start(config, slot, jobId, nodeId);
  }

  /** {@code jobId}, {@code nodeId}: a cluster's, or null to derive them from the session. */
  private static DriverRuntime start(RayConfig config, int slot, String jobId, String nodeId) {
    Log.setLevel(config.logLevel());
    LegacyProperties.logOnceIfSet();
    ChroniclePreflight.check();
    long started = System.nanoTime();
    SessionDir session = SessionDir.create();
    ObjectStore store = null;
    DriverRuntime runtime;
    try {
      if (jobId != null) {
        SessionInfo.writeClusterIds(session.path(), jobId, nodeId);
      }
      store = ObjectStore.create(session.path(), config.storeCapacityBytes(),
          config.spillDirectory() != null
              ? config.spillDirectory() : ObjectStore.defaultSpillDir(session.path()),
          config.tuning().storeLockTimeout());
      // Every node offers one of its own resource, which a node affinity asks for.
      String node = SessionInfo.of(session.path(), ResourceSet.EMPTY).nodeId();
      runtime = new DriverRuntime(config, session, store, slot, NodeCapacity.of(config)
          .with(Map.of(ResourceSet.nodeResource(node), 1.0)));
    } catch (RuntimeException | Error e) {
      // Half started: give back what was taken (the store's files and its spill folder's lock,
      // this thread's ref tracking), so that the next init finds nothing of this one.
      LocalRefs.setCurrent(null);
      if (store != null) {
        store.close();
      }
      session.delete();
      throw e;
    }
    try {
      session.restrictAll();
      Runtime.getRuntime().addShutdownHook(runtime.shutdownHook);
      // A cluster's driver runs its tasks on the nodes (ClusterLink), none on its own workers.
      if (config.address() != null) {
        runtime.core.useCluster();
      }
      List<Worker> workers = runtime.core.startWorkers(
          config.address() != null ? 0 : config.numCpus());
      // While the worker JVMs boot: off the path to the first task.
      runtime.warmUpReads();
      runtime.dashboard = Dashboard.start(config, runtime.events, runtime.store,
          runtime.owned, runtime.core::resourceUse, runtime::nodeStatuses,
          runtime.core::actorLoads);
      runtime.dashboard.url().ifPresent(url -> session.writeDashboardUrl(url));
      runtime.awaitWorkers(workers);
    } catch (RuntimeException e) {
      runtime.shutdown();
      throw e;
    }
    Log.info("jray started {} workers in {} ms; session folder {}", config.numCpus(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), session.path());
    return runtime;
  }

  /**
   * A driver's first Kryo use takes it 40-70 ms (its JVM has no class-data archive): it goes here,
   * while the workers boot, rather than into the first get. The pooled Kryo stays for later use.
   * The store's index is left alone: the first process to use it makes it (see ObjectStore).
   */
  private void warmUpReads() {
    serializer.deserialize(ByteBuffer.wrap(serializer.serialize(0)));
  }

  private void awaitWorkers(List<Worker> workers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WORKER_START_TIMEOUT_SECONDS);
    for (Worker worker : workers) {
      while (worker.connection == null) {
        Process process = worker.process;
        if (process == null && worker.exited.get()) {
          throw new RayException("A worker JVM could not be started: see the warning above.");
        }
        if (process != null && (worker.exited.get() || !process.isAlive())) {
          worker.stderr.drain(1000);
          throw new RayException("A worker JVM (pid=" + worker.pid() + ") exited with code "
              + process.exitValue() + " before it was ready. Its last output:\n  "
              + String.join("\n  ", worker.stderr.lastLines()));
        }
        if (System.nanoTime() > deadline) {
          throw new RayException("Workers did not start within " + WORKER_START_TIMEOUT_SECONDS
              + " s. The machine may be overloaded; try a smaller numCpus.");
        }
        synchronized (worker) {
          try {
            worker.wait(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RayException("Interrupted while starting workers", e);
          }
        }
      }
    }
  }

  @Override
  public Worker connected(int tag, long pid, Connection connection) {
    Worker worker = launched.get(tag);
    if (worker == null || worker.pid() != pid || worker.connection != null) {
      Log.warn("Rejected a worker hello for tag {} (pid={})", tag, pid);
      return null;
    }
    synchronized (worker) {
      worker.connection = connection;
      worker.outbox = connection;
      worker.notifyAll();
    }
    core.workerConnected(worker);
    return worker;
  }

  /** A worker's frame: the core's, or a question the shell answers here. */
  @Override
  public void frame(Worker worker, ToDriver frame) throws IOException {
    if (frame instanceof ToDriver.Blocked) {
      waitsInWorker(worker, true);
    } else if (frame instanceof ToDriver.Unblocked) {
      waitsInWorker(worker, false);
    }
    if (CallTrace.ON && frame instanceof ToDriver.TaskDone done) {
      CallTrace.mark(CallTrace.Point.DRIVER_READ, done.taskId());
      boolean applied = core.frame(worker, frame);
      CallTrace.mark(CallTrace.Point.APPLIED, done.taskId());
      if (applied) {
        return;
      }
    } else if (core.frame(worker, frame)) {
      return;
    }
    if (frame instanceof ToDriver.Subscribe subscribe) {
      long id = subscribe.id();
      directory.whenReady(id).whenComplete((ready, failure) -> {
        if (failure == null) {
          owned.storeIfKept(id); // the worker reads it from the store
          notifyReady(worker, id);
        } else {
          notifyFailed(worker, id, failure);
        }
      });
    } else if (frame instanceof ToDriver.CreateActorRequest request) {
      answer(worker, request.requestId(), () -> {
        TaskSpec creation = request.creation();
        return core.createActor(creation.taskId(), request.className(), request.name(),
            request.maxRestarts(), request.maxTaskRetries(),
            new ActorSettings(request.maxConcurrency(), request.groupThreads(),
                request.getIfExists(), request.detached(), request.isolated()), creation,
            worker);
      });
    } else if (frame instanceof ToDriver.GetActorRequest request) {
      answer(worker, request.requestId(),
          () -> core.lookUpActor(request.name(), request.className()));
    } else if (frame instanceof ToDriver.GeneratorItem item) {
      generators.item(worker, item);
    } else if (frame instanceof ToDriver.UserMeters meters) {
      Dashboard shown = dashboard;
      if (shown != null) {
        shown.userMeters(worker.pid(), worker.hostsActor() || worker.sharedHost, meters.meters());
      }
    } else {
      throw new IOException("unexpected frame type " + frame.type() + " from " + worker);
    }
  }

  /**
   * The store is full: refs the program dropped free their objects only once the collector has
   * found them, so ask it to look now, then wait until the frees that follow (on the jray-refs
   * thread) have made room for bytesWanted, or a short deadline passes (nothing was
   * dropped, say). A put that allocates little on the heap, such as one of a large byte[], may fill
   * the store long before a collection happens by itself.
   */
  private void collectDroppedRefs(long bytesWanted) {
    long wanted = store.availableBytes() + bytesWanted;
    System.gc();
    long deadline = System.nanoTime() + RECLAIM_WAIT_NANOS;
    while (store.availableBytes() < wanted && System.nanoTime() < deadline) {
      LockSupport.parkNanos(RECLAIM_POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  protected void contains(long container, long[] contained) {
    core.contains(container, contained);
  }

  /** Answers a worker's question; an error becomes the answer, not a broken channel. */
  private static void answer(Worker worker, long requestId, Question question)
      throws IOException {
    ToWorker.Response response;
    try {
      response = ToWorker.Response.answer(requestId, question.answer());
    } catch (RayException e) {
      response = ToWorker.Response.refusal(requestId, e.getMessage());
    }
    worker.connection.send(response);
  }

  /** A worker's request, answered by a long (an actor's id). */
  @FunctionalInterface
  private interface Question {
    long answer();
  }

  private static void notifyReady(Worker worker, long id) {
    try {
      worker.connection.send(new ToWorker.ObjectReady(id));
    } catch (IOException e) {
      Log.debug("Could not tell {} that {} is ready: {}", worker, ObjectIds.hex(id), e.toString());
    }
  }

  /** The object failed outside the store: the worker's waits for it end with the same error. */
  private static void notifyFailed(Worker worker, long id, Throwable failure) {
    try {
      String message = String.valueOf(failure.getMessage());
      worker.connection.send(new ToWorker.ObjectFailed(id, failure.getClass().getName(),
          message.length() > 4000 ? message.substring(0, 4000) + "..." : message));
    } catch (IOException e) {
      Log.debug("Could not tell {} that {} failed: {}", worker, ObjectIds.hex(id), e.toString());
    }
  }

  @Override
  public void disconnected(Worker worker) {
    waitsInWorker(worker, false);
    worker.readerEnded.countDown();
    Process process = worker.process;
    if (worker.isLane()) {
      laneClosed(worker, process);
      return;
    }
    // A worker that closes its channel is of no more use: make sure its process ends too, which
    // leads to workerProcessEnded.
    if (process != null && process.isAlive() && !shutDown) {
      process.destroyForcibly();
    }
  }

  /**
   * An actor's lane in a shared host closed. If the host is dying, its exit ends the lane, with
   * its exit code; else the actor alone has ended (killed, or it ended itself) and the host and
   * its other actors live on.
   */
  private void laneClosed(Worker lane, Process process) {
    if (shutDown || process == null) {
      return;
    }
    try {
      process.onExit().get(LANE_HOST_EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      return; // the host's exit ends its lanes
    } catch (TimeoutException | ExecutionException alive) {
      workerProcessEnded(lane, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A worker's process ended, or could not be started ({@code notStarted} says why). Its work
   * is the core's to retry or fail, once every frame it sent has been read.
   */
  private void workerProcessEnded(Worker worker, String notStarted) {
    if (!worker.exited.compareAndSet(false, true)) {
      return;
    }
    synchronized (worker) {
      worker.notifyAll();
    }
    Process process = worker.process;
    // A lane may end while its host's process lives on.
    boolean alive = process != null && process.isAlive();
    int exitCode = process == null ? -1 : alive ? 0 : process.exitValue();
    if (process != null) {
      launched.remove(worker.tag);
      if (!worker.isLane()) {
        events.workerExited(worker.pid(), exitCode);
      }
    }
    if (shutDown) {
      return;
    }
    // A process killed inside the store may hold an index segment: free it first, since the
    // channel's reader may need it for the worker's last frames.
    store.recoverDeadHolders();
    // What the worker sent before it died counts: a result written just before a kill is a task
    // done, not one to run again (or to fail, with no retries left).
    awaitReaderEnd(worker);
    // An actor's host may have held replies back: their values are in its held values' file.
    Map<Long, byte[]> heldValues = worker.hostsActor()
        ? HeldValues.takeFrom(HeldValues.file(session.path(), worker.tag)) : Map.of();
    core.workerExited(worker, exitCode, notStarted != null ? notStarted
        : alive ? "its channel closed" : "died with exit code " + exitCode, heldValues);
    directory.makerGone(worker.tag);
    store.removeDeadProcessLeftovers();
  }

  /**
   * Waits for the dead worker's channel to be read to its end, which comes at once (the kernel
   * closed the socket), unless the reader is stuck: then after a second, to retry its work anyway.
   */
  private static void awaitReaderEnd(Worker worker) {
    if (worker.connection == null) {
      return; // it never said hello: there is nothing to read
    }
    try {
      if (!worker.readerEnded.await(READER_END_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        Log.debug("The channel of {} was not read to its end in {} ms", worker,
            READER_END_TIMEOUT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected CompletableFuture<Void> whenReady(long id) {
    ClusterLink link = cluster;
    if (link != null && places.slotOf(id) < 0 && ObjectIds.slotOf(id) > 0) {
      // Made by a job host's worker (a nested task, a put), known here only through a value that
      // held its ref: that job host says when it is stored, then it is copied home.
      int madeIn = ObjectIds.slotOf(id);
      return link.awaitStored(id, madeIn).thenCompose(stored -> pullHome(link, id, madeIn));
    }
    CompletableFuture<Void> ready = directory.whenReady(id);
    if (link == null) {
      return ready;
    }
    // A result in a node's job host is ready there: it is copied home before the get reads it.
    // Its place is known before its waiters are woken, so one that settled before this waiter
    // was registered (and will not wake it) is found here.
    int placed = places.slotOf(id);
    if (placed > 0) {
      return pullHome(link, id, placed);
    }
    return ready.thenCompose(settled -> {
      int slot = places.slotOf(id);
      if (slot <= 0 || store.contains(id)) {
        return CompletableFuture.completedFuture(null);
      }
      return pullHome(link, id, slot);
    });
  }

  /** Copies a cluster's object into this store once, however many gets want it at once. */
  private CompletableFuture<Void> pullHome(ClusterLink link, long id, int slot) {
    if (store.contains(id)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> pull = pulls.computeIfAbsent(id, key -> CompletableFuture.runAsync(
        () -> {
          try {
            if (!store.contains(id)) {
              link.pull(id, slot);
            }
          } catch (IOException e) {
            throw new ObjectLostException("The object of ObjectRef(" + ObjectIds.hex(id)
                + ") could not be copied from the node that made it: " + e.getMessage()
                + ". Run the work that makes it again.");
          } finally {
            pulls.remove(id);
          }
        }));
    // Its node went while it was copied, and its task runs again elsewhere: wait for that.
    return pull.exceptionallyCompose(failure -> core.willSettle(id) ? whenReady(id)
        : CompletableFuture.failedFuture(failure));
  }

  /**
   * On a cluster, a ref the driver found inside a value, to an object a job host's worker made
   * (a nested task's result, a put in a task): that job host holds it for the driver from now
   * on, so that it outlives the value that carried it, until the driver frees it.
   */
  private void borrow(long id) {
    ClusterLink link = cluster;
    int madeIn = ObjectIds.slotOf(id);
    if (link != null && madeIn > 0 && madeIn < ObjectIds.MAX_SLOTS - 1 && places.slotOf(id) < 0
        && borrowed.putIfAbsent(id, madeIn) == null) {
      link.hold(madeIn, new long[] {id}); // before the value's own release: the same connection
    }
  }

  /** Deletes freed objects: from this store, and from the job hosts that hold results. */
  private void deleteFreedObjects(long[] ids, int count) {
    store.delete(ids, count);
    ClusterLink link = cluster;
    if (link == null) {
      return;
    }
    java.util.Map<Integer, List<Long>> bySlot = new java.util.HashMap<>();
    for (int i = 0; i < count; i++) {
      int slot = places.remove(ids[i]);
      if (slot <= 0) {
        Integer lender = borrowed.remove(ids[i]);
        slot = lender == null ? -1 : lender;
      }
      if (slot > 0) {
        bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(ids[i]);
      }
    }
    bySlot.forEach((slot, freed) -> link.release(slot,
        freed.stream().mapToLong(Long::longValue).toArray()));
  }

  /** On a cluster: its nodes, as its table holds them; else this machine. */
  @Override
  public List<io.jray.NodeInfo> nodes() {
    return nodeStatuses().stream().map(io.jray.internal.dashboard.NodeStatus::info).toList();
  }

  /** The nodes with what their work holds: this machine, or a cluster's from its table. */
  private List<io.jray.internal.dashboard.NodeStatus> nodeStatuses() {
    ClusterLink link = cluster;
    if (link != null) {
      return link.nodes();
    }
    return List.of(new io.jray.internal.dashboard.NodeStatus(super.nodes().get(0),
        resourcesInUse()));
  }

  /** Joins a cluster: its job hosts take this driver's tasks from now on (see ClusterLink). */
  public void attachCluster(ClusterLink link) {
    this.cluster = link;
    shell.sendRemoteWith(message -> {
      if (message instanceof Effect.Execute execute) {
        link.execute(execute.slot(), execute.spec(), execute.ids(), execute.slots());
      } else if (message instanceof Effect.CallRemoteActor call) {
        link.callActor(call.slot(), call.actorId(), call.call(), call.ids(), call.slots());
      } else if (message instanceof Effect.CreateRemoteActor create && create.detached()) {
        link.createDetachedActor(create.slot(), create.className(), create.name(),
            create.maxRestarts(), create.maxTaskRetries(), create.settings().maxConcurrency(),
            create.settings().groupThreads(), create.settings().isolated(), create.creation(),
            create.ids(), create.slots(), create.restart());
      } else if (message instanceof Effect.CreateRemoteActor create) {
        link.createActor(create.slot(), create.className(), create.maxRestarts(),
            create.maxTaskRetries(), create.settings().maxConcurrency(),
            create.settings().groupThreads(), create.settings().isolated(), create.creation(),
            create.ids(), create.slots());
      } else if (message instanceof Effect.KillRemoteActor kill) {
        link.killActor(kill.slot(), kill.actorId());
      } else if (message instanceof Effect.CancelRemoteTask cancel) {
        link.cancel(cancel.slot(), cancel.id(), cancel.force(), cancel.recursive());
      } else if (message instanceof Effect.TellForwarded tell) {
        link.tellForwarded(tell.toSlot(), tell.id(), tell.atSlot(), tell.errorClass(),
            tell.error());
      }
    });
  }

  /** A node's job host, in {@code slot}, takes this driver's tasks; its node offers these. */
  public void nodeJoined(int slot, Map<String, Double> resources) {
    core.nodeJoined(slot, ResourceSet.of(resources));
  }

  /** A task's result settled in the job host of {@code slot} (see JobMessages.Settled). */
  public void remoteSettled(int slot, long id, String errorClass, String error) {
    core.remoteSettled(slot, id, errorClass, error);
  }

  /** The node of {@code slot} is gone. */
  public void nodeLost(int slot, String why) {
    core.nodeLost(slot, why);
  }

  /** A node's detached host, in {@code slot}, created the actor under {@code remoteId}. */
  public void detachedCreated(long actorId, int slot, long remoteId) {
    core.detachedCreated(actorId, slot, remoteId);
  }

  /** A node's detached host could not create the actor. */
  public void detachedFailed(long actorId, String why) {
    core.detachedFailed(actorId, why);
  }

  /** The job host of {@code fromSlot} forwarded a call of its worker's to one of our actors. */
  public void forwardedCall(int fromSlot, long actorId, TaskSpec call) {
    core.forwardedCall(fromSlot, actorId, call);
  }

  /** A job host's worker killed one of our actors. */
  public void forwardedKill(long actorId) {
    core.killActor(actorId);
  }

  /**
   * Deletes copies this driver's store kept of detached actors' results for the job hosts whose
   * workers made those calls, once those have their own copies (see ClusterDriver).
   */
  public void deleteLentCopies(long[] ids) {
    store.delete(ids, ids.length);
  }

  /** Sends a job host's calls to actors it does not know, and their kills, to its driver. */
  public interface CallForwarder {
    /** A worker here called the actor. */
    void forward(long actorId, TaskSpec call);

    /** A worker here killed the actor with Ray.kill. */
    void kill(long actorId);
  }

  /**
   * For a job host: calls to actors this runtime does not know go to {@code forwarder} from now
   * on; how each ends comes back through {@link #forwardedSettled}.
   */
  public void forwardUnknownActorCalls(CallForwarder forwarder) {
    shell.sendRemoteWith(message -> {
      if (message instanceof Effect.ForwardCall forward) {
        forwarder.forward(forward.actorId(), forward.call());
      } else if (message instanceof Effect.ForwardKill kill) {
        forwarder.kill(kill.actorId());
      }
    });
    core.forwardUnknownActorCalls();
  }

  /**
   * A call this job host forwarded ended: its result is in this store now ({@code errorClass}
   * null), or it failed.
   */
  public void forwardedSettled(long id, String errorClass, String error) {
    core.forwardedSettled(id, errorClass, error);
  }

  @Override
  public ActorRef createActor(ActorConstructor<?> constructor, ActorOptions options,
      Object[] args) {
    ActorClass<?> actorClass = constructor.actorClass();
    TaskSpec creation = encodeCreation(ids.next(), constructor, options, args);
    ActorSettings settings = new ActorSettings(options.maxConcurrency(),
        actorClass.groups().values().stream().mapToInt(Integer::intValue).sum(),
        options.getIfExists(), options.lifetime() == io.jray.ActorLifetime.DETACHED,
        options.isolatedOr(actorClass.isolated()));
    ClusterLink link = cluster;
    boolean reserved = false;
    // A detached name is the cluster's; one this driver's own actor has, the core answers for.
    if (link != null && settings.detached() && options.name() != null
        && !core.hasActorNamed(options.name())) {
      if (settings.getIfExists()) {
        ClusterLink.DetachedActor found = link.findDetached(options.name());
        if (found != null) {
          return adopt(found, options.name(), actorClass);
        }
      }
      link.reserveDetachedName(options.name(), actorClass.displayName()); // throws if taken
      reserved = true;
    }
    long id;
    try {
      id = core.createDriverActor(creation.taskId(), actorClass.displayName(), options.name(),
          options.maxRestartsOr(actorClass.maxRestarts()), options.maxTaskRetries(), settings,
          creation);
    } catch (RuntimeException e) {
      if (reserved) {
        link.releaseDetachedName(options.name());
      }
      throw e;
    }
    java.lang.ref.Reference.reachabilityFence(args); // refs must outlive their counting
    return new ActorRef(id, actorClass.displayName());
  }

  @Override
  public ActorRef getActor(ActorClass<?> actorClass, String name) {
    ClusterLink link = cluster;
    if (link != null && !core.hasActorNamed(name)) {
      // Not this driver's own: a detached one of the cluster's, in this driver's namespace.
      ClusterLink.DetachedActor found = link.findDetached(name);
      if (found == null) {
        throw new RayException("No actor named '" + name + "' is alive in this driver, nor a"
            + " detached one in its namespace of the cluster. Create it with "
            + actorClass.displayName().substring(actorClass.displayName().lastIndexOf('.') + 1)
            + "Remote.options().name(\"" + name + "\").create(...) first.");
      }
      return adopt(found, name, actorClass);
    }
    return new ActorRef(core.lookUpActor(name, actorClass.displayName()),
        actorClass.displayName());
  }

  /** Another driver's detached actor, as a handle of this driver's. */
  private ActorRef adopt(ClusterLink.DetachedActor found, String name, ActorClass<?> actorClass) {
    if (!found.className().equals(actorClass.displayName())) {
      throw new RayException("The detached actor named '" + name + "' is a "
          + found.className() + ", not a " + actorClass.displayName() + ".");
    }
    long handle = ids.next();
    core.adoptDetached(handle, found.className(), name, found.slot(), found.actorId());
    return new ActorRef(handle, actorClass.displayName());
  }

  @Override
  public void killActor(ActorRef actor) {
    core.killActor(actor.id());
  }

  @Override
  public void cancel(long objectId, boolean force, boolean recursive) {
    core.cancel(objectId, force, recursive);
  }

  @Override
  public <R> ObjectRefGenerator<R> submitGenerator(TaskFunction<R> function, Object[] args) {
    refuseGeneratorOnCluster(function.displayName());
    TaskSpec spec = taskSpec(function, args);
    ObjectRefGenerator<R> generator = generators.open(spec.taskId(), () -> submitForResult(spec));
    Reference.reachabilityFence(args); // as in submitTask
    return generator;
  }

  @Override
  public <R> ObjectRefGenerator<R> callActorGenerator(ActorRef actor, ActorMethod<?, R> method,
      Object[] args) {
    refuseGeneratorOnCluster(method.displayName());
    TaskSpec call = actorCallSpec(method, args);
    ObjectRefGenerator<R> generator =
        generators.open(call.taskId(), () -> callForResult(actor.id(), call));
    Reference.reachabilityFence(args);
    return generator;
  }

  private void refuseGeneratorOnCluster(String name) {
    if (cluster != null) {
      throw new RayException(name + " is a streaming generator, and generators run on one"
          + " machine for now: on a cluster, return a List of the values, or run the job"
          + " without an address.");
    }
  }

  @Override
  protected <R> ObjectRefImpl<R> submitForResult(TaskSpec spec) {
    checkRunning();
    CallTrace.mark(CallTrace.Point.SUBMITTING, spec.taskId());
    calling(spec.taskId(), 0);
    core.submitHeld(spec);
    CallTrace.mark(CallTrace.Point.SUBMITTED, spec.taskId());
    return ObjectRefImpl.counted(spec.taskId(), localRefs);
  }

  @Override
  protected <R> ObjectRefImpl<R> callForResult(long actorId, TaskSpec call) {
    calling(call.taskId(), actorId);
    core.callActorHeld(actorId, call);
    return ObjectRefImpl.counted(call.taskId(), localRefs);
  }

  /**
   * The thread makes a call. If it made one before that no get has waited for, it calls without
   * waiting (a burst of async calls): the replies must then be read as they come, not at the
   * looks of a channel that callers read, or its workers would wait for the driver to hear that
   * they are done before they get more. So every channel goes back to its own thread, until a
   * caller reads one again.
   */
  private void calling(long callId, long actorId) {
    LastCall last = lastCall.get();
    if (last.callId != 0 && !last.gotten) {
      waiters.coolAll();
    }
    last.callId = callId;
    last.actorId = actorId;
    last.gotten = false;
  }

  @Override
  protected void getting(long id) {
    LastCall last = lastCall.get();
    if (last.callId == id) {
      last.gotten = true;
    }
  }

  /** A thread's last call; see {@link #lastCall}. */
  private static final class LastCall {
    long callId;
    /** The actor it went to; 0 for a task. */
    long actorId;
    /** A get of its result began. */
    boolean gotten;
  }

  /**
   * A get of a call's result reads the channel its reply comes on, on the caller's thread (see
   * {@link ChannelReader}): the worker running the task, or the lane of the actor that this
   * thread called last, if that call is the one.
   */
  @Override
  protected boolean readUntilMade(long id, CompletableFuture<?> ready, long deadline) {
    if (!callerReadsReply) {
      return false;
    }
    LastCall last = lastCall.get();
    ChannelReader reader = core.readerOf(id, last.callId == id ? last.actorId : 0);
    return reader != null && reader.readUntil(ready, spinNanos(), deadline);
  }

  /**
   * A task of the worker waits in get (or no longer does): like a get of the driver's, its
   * reply must be read as soon as it comes, whichever channel brings it.
   */
  private void waitsInWorker(Worker worker, boolean waits) {
    if (worker.waitTold.compareAndSet(!waits, waits)) {
      if (waits) {
        waiters.parked();
      } else {
        waiters.unparked();
      }
    }
  }

  @Override
  protected void beforeBlocking() {
    waiters.parked();
  }

  @Override
  protected void afterBlocking() {
    waiters.unparked();
  }

  @Override
  protected void submitActorCall(long actorId, TaskSpec call) {
    core.callActor(actorId, call);
  }

  @Override
  protected void submit(TaskSpec spec) {
    checkRunning();
    core.submit(spec, null);
  }

  private void checkRunning() {
    if (shutDown) {
      throw new RayException("jray was shut down: call Ray.init() again before submitting tasks.");
    }
  }

  @Override
  public synchronized void shutdown() {
    if (shutDown) {
      return;
    }
    shutDown = true;
    // Gets and waits in other threads end now, rather than wait for objects that cannot come.
    directory.failAll(new RayException("jray was shut down (Ray.shutdown()) while this thread"
        + " waited for an object: its value is gone. Call Ray.init() and run the work again."));
    generators.endAll();
    localRefs.close();
    LocalRefs.setCurrent(null);
    ClusterLink link = cluster;
    if (link != null) {
      link.close(); // the job hosts see the driver go, and end the job on their nodes
    }
    if (dashboard != null) {
      dashboard.close();
    }
    core.stop();
    shell.close();
    CallTrace.write();
    // A shared host's lanes end with its process.
    List<Worker> workers = new ArrayList<>(launched.values());
    workers.removeIf(Worker::isLane);
    for (Worker worker : workers) {
      Connection connection = worker.connection;
      try {
        if (connection != null) {
          connection.send(ToWorker.Shutdown.INSTANCE);
        }
      } catch (IOException ignored) {
        // Already gone.
      }
    }
    for (Worker worker : workers) {
      stopProcess(worker, worker.recordsArchive);
      launcher.exited(worker.process);
    }
    server.close();
    if (Boolean.getBoolean(WorkerMain.RECORDS_ARCHIVE_PROPERTY)
        && Thread.currentThread() != shutdownHook) {
      // bin/jray run records this driver's class-data archive: with the store's paths in it, a
      // later run that stores objects loads them from there, though this one never did.
      store.rehearse(ids.next());
    }
    store.close();
    session.delete();
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The JVM is exiting: the hook runs anyway and finds nothing to do.
      }
    }
  }

  private static void stopProcess(Worker worker, boolean writesArchive) {
    try {
      // Writing the class-data archive takes a worker about a second (CPU-bound, so longer on a
      // busy machine); only the session's first worker, and only until the archive exists.
      if (!worker.process.waitFor(writesArchive ? 20 : 2, TimeUnit.SECONDS)) {
        worker.process.destroyForcibly();
        worker.process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      worker.process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    worker.stdout.drain(500);
    worker.stderr.drain(500);
    Connection connection = worker.connection;
    if (connection != null) {
      connection.close();
    }
  }

  // A cluster's job host is this runtime started by startJobHost: its driver, the owner of what
  // it runs, sends tasks and releases over the network, and its peers fetch its objects.

  /** Puts a copy of an object made elsewhere into this runtime's store (see storeCopy). */
  @FunctionalInterface
  public interface CopyFetcher {
    void copy(long id) throws IOException;
  }

  /**
   * Runs a task that its owner sent, keeping the result for the owner until it releases it.
   * Objects the task refers to that this store lacks are copied in first, through {@code copies};
   * each is held from before it is looked for until the task holds it, so that no release frees
   * a copy in between.
   */
  public void runForOwner(TaskSpec spec, CopyFetcher copies) throws IOException {
    withCopies(spec, copies, () -> core.submitHeld(spec));
  }

  /**
   * Creates an actor its owner sent, after copying in what its constructor refers to (see
   * {@link #runForOwner}); it runs in a host process of this runtime's, as the actors of a lone
   * driver do. {@code maxRestarts}: how often it may restart here (-1: always).
   */
  public void createActorForOwner(String className, int maxRestarts, int maxTaskRetries,
      int maxConcurrency, int groupThreads, boolean isolated, TaskSpec creation,
      CopyFetcher copies) throws IOException {
    // Its owner says when it ends (a kill, or the owner's leaving): no handle here counts.
    ActorSettings settings =
        new ActorSettings(maxConcurrency, groupThreads, false, true, isolated);
    withCopies(creation, copies, () -> core.createActor(creation.taskId(), className, null,
        maxRestarts, maxTaskRetries, settings, creation));
  }

  /**
   * Queues a call its owner sent to an actor of this runtime's, after copying in what it refers
   * to; the result is kept for the owner until it releases it.
   */
  public void callActorForOwner(long actorId, TaskSpec call, CopyFetcher copies)
      throws IOException {
    withCopies(call, copies, () -> core.callActorHeld(actorId, call));
  }

  /** Ends an actor of this runtime's for good, at its owner's word. */
  public void killActorForOwner(long actorId) {
    core.killActor(actorId);
  }

  /**
   * Runs {@code event} once the objects {@code spec} refers to are in this store: those it lacks
   * are copied in through {@code copies}. Each is held from before it is looked for until the
   * event has counted it, so that no release frees a copy in between.
   */
  private void withCopies(TaskSpec spec, CopyFetcher copies, Runnable event) throws IOException {
    checkRunning();
    long[] needed = spec.heldRefs();
    for (long id : needed) {
      core.localAcquired(id);
    }
    try {
      for (long id : needed) {
        // One a task or call of this runtime's will make (a nested task's result) is waited for
        // here, as on a lone driver.
        if (!store.contains(id) && !core.willSettle(id)) {
          copies.copy(id);
        }
      }
      event.run();
    } finally {
      core.localReleased(needed, needed.length);
      core.deleteFreed();
    }
  }

  /**
   * A value's bytes with the refs inside it renamed by {@code renames}; the refs the new bytes
   * hold are added to {@code written}. Decoded and encoded again: needs the value's classes.
   */
  public byte[] renameRefs(byte[] value, Map<Long, Long> renames, java.util.Set<Long> written) {
    Object decoded = io.jray.internal.ObjectRefSerializer.renaming(renames,
        () -> serializer.deserialize(value));
    io.jray.internal.refs.ContainedRefs.Result<byte[]> encoded =
        io.jray.internal.refs.ContainedRefs.collect(() -> serializer.serialize(decoded));
    for (long id : encoded.refs()) {
      written.add(id);
    }
    return encoded.value();
  }

  /** A fresh id of this runtime's: for an object or actor it keeps under an id of its own. */
  public long newObjectId() {
    return ids.next();
  }

  /** A copy of an object made elsewhere, whole: for {@link CopyFetcher}s. */
  public void storeCopy(long id, byte flags, int length, ObjectStore.Pieces pieces) {
    store.putPieces(id, flags, length, pieces);
  }

  /** Completes when the object is in this store, or fails, saying why, when it never will be. */
  public CompletableFuture<Void> whenSettled(long id) {
    return directory.whenReady(id).thenRun(() -> owned.storeIfKept(id));
  }

  /** The owner holds refs to these objects of this runtime's, until {@link #releasedByOwner}. */
  public void heldByOwner(long[] ids) {
    for (long id : ids) {
      core.localAcquired(id);
    }
  }

  /** The owner holds these results no more: what nothing else needs is freed. */
  public void releasedByOwner(long[] ids) {
    core.localReleased(ids, ids.length);
    core.deleteFreed();
  }

  /** An object of this store, for a peer that fetches it; null if it is not here. */
  public io.jray.internal.store.StoredObject readForPeer(long id) {
    owned.storeIfKept(id); // a peer reads it from the store
    return store.get(id);
  }

  /** What this runtime's work holds now, by resource (a job host's share of its node's use). */
  public Map<String, Double> resourcesInUse() {
    Map<String, Double> used = new java.util.TreeMap<>();
    core.resourceUse().forEach((name, capacityAndUse) -> used.put(name, capacityAndUse[1]));
    return used;
  }

  /** The session's state: what the dashboard shows. */
  public RayState state() {
    return dashboard.state();
  }

  /** Writes the session's timeline, a Chrome trace, to file. */
  public void timeline(java.nio.file.Path file) throws java.io.IOException {
    dashboard.writeTimeline(file);
  }

  /**
   * Kryo must find the user's classes where the driver's caller does: a tool like Maven's
   * exec:java loads them in a class loader of its own, which it makes the context loader.
   */
  private static java.util.function.Consumer<com.esotericsoftware.kryo.Kryo> userClassesSerializer() {
    ClassLoader userClasses = Thread.currentThread().getContextClassLoader();
    return kryo -> {
      ObjectRefSerializer.register(kryo);
      if (userClasses != null) {
        kryo.setClassLoader(userClasses);
      }
    };
  }

  private static String newSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }
}
