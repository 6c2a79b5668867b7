package io.jray.internal.worker;

import io.jray.ActorLifetime;
import io.jray.ActorOptions;
import io.jray.RayException;
import io.jray.Tuning;
import io.jray.internal.BaseRuntime;
import io.jray.internal.CurrentWork;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.SessionInfo;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The runtime inside a worker, for the code a task runs: values go to and from the store
 * directly; nested tasks and "tell me when it is ready" go to the driver.
 */
final class WorkerRuntime extends BaseRuntime {
  private final Connection driver;
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger blockedThreads = new AtomicInteger();
  private final AtomicLong nextRequest = new AtomicLong();
  private final ConcurrentHashMap<Long, CompletableFuture<Long>> requests =
      new ConcurrentHashMap<>();
  /** Hears of the process's threads that wait; null until the runner starts. */
  private volatile Waits runner;
  /** Ends this runtime's actor alone, in a shared host; null where the actor has the process. */
  private volatile Runnable endLane;

  /** What runs this process's work, told when a thread starts and stops waiting. */
  interface Waits {
    /**
     * A thread of this process starts or stops waiting (in get, wait, a ref's future or a
     * request to the driver): it must hear the driver's answers meanwhile.
     */
    void waiting(boolean waiting);
  }

  WorkerRuntime(ObjectStore store, Serializer serializer, ObjectIds ids, Connection driver,
      Tuning tuning, SessionInfo session) {
    super(store, serializer, ids, tuning, session);
    this.driver = driver;
  }

  /** A new object id of this process's. */
  long newObjectId() {
    return ids.next();
  }

  @Override
  protected CompletableFuture<Void> whenReady(long id) {
    boolean[] created = {false};
    CompletableFuture<Void> ready = waiters.computeIfAbsent(id, k -> {
      created[0] = true;
      return new CompletableFuture<>();
    });
    if (created[0]) {
      send(new ToDriver.Subscribe(id));
    }
    if (store.contains(id)) {
      objectReady(id);
    }
    return ready;
  }

  /** The driver says the object is in the store. */
  void objectReady(long id) {
    CompletableFuture<Void> ready = waiters.remove(id);
    if (ready != null) {
      ready.complete(null);
    }
  }

  /** The driver says the object will never be in the store: waits for it end with its error. */
  void objectFailed(long id, RayException error) {
    CompletableFuture<Void> ready = waiters.remove(id);
    if (ready != null) {
      ready.completeExceptionally(error);
    }
  }

  @Override
  protected void submit(TaskSpec spec) {
    try {
      driver.send(new ToDriver.Submit(spec));
    } catch (IOException e) {
      throw new RayException("Cannot submit " + spec.displayName()
          + ": the driver is gone (" + e + ")", e);
    }
  }

  void setRunner(Waits runner) {
    this.runner = runner;
  }

  /** This runtime serves one actor of a shared host: {@code endLane} ends that actor alone. */
  void setEndLane(Runnable endLane) {
    this.endLane = endLane;
  }

  @Override
  protected void beforeBlocking() {
    if (blockedThreads.getAndIncrement() == 0) {
      send(ToDriver.Blocked.INSTANCE);
    }
    Waits runner = this.runner;
    if (runner != null) {
      runner.waiting(true);
    }
  }

  @Override
  protected void afterBlocking() {
    // Tasks must be welcome again before the driver hears that this one runs again.
    Waits runner = this.runner;
    if (runner != null) {
      runner.waiting(false);
    }
    if (blockedThreads.decrementAndGet() == 0) {
      send(ToDriver.Unblocked.INSTANCE);
    }
  }

  private void send(ToDriver frame) {
    try {
      driver.send(frame);
    } catch (IOException e) {
      throw new UncheckedIOException("the driver is gone", e);
    }
  }

  @Override
  protected void contains(long container, long[] refs) {
    try {
      driver.send(new ToDriver.Contains(container, refs));
    } catch (IOException e) {
      throw new UncheckedIOException("the driver is gone", e);
    }
  }

  @Override
  protected void submitActorCall(long actorId, TaskSpec call) {
    try {
      driver.send(new ToDriver.SubmitActorCall(actorId, call));
    } catch (IOException e) {
      throw new RayException("Cannot call " + call.displayName() + ": the driver is gone", e);
    }
  }

  @Override
  public ActorRef createActor(ActorConstructor<?> constructor, ActorOptions options,
      Object[] args) {
    ActorClass<?> actorClass = constructor.actorClass();
    TaskSpec creation = encodeCreation(ids.next(), constructor, options, args);
    long id = request(requestId -> new ToDriver.CreateActorRequest(requestId, options.name(),
        options.maxRestartsOr(actorClass.maxRestarts()), options.maxTaskRetries(),
        actorClass.displayName(), creation, options.maxConcurrency(),
        actorClass.groups().values().stream().mapToInt(Integer::intValue).sum(),
        options.getIfExists(), options.lifetime() == ActorLifetime.DETACHED,
        options.isolatedOr(actorClass.isolated())));
    // Refs among the arguments must outlive the request, as in submitTask.
    java.lang.ref.Reference.reachabilityFence(args);
    return new ActorRef(id, actorClass.displayName());
  }

  @Override
  public ActorRef getActor(ActorClass<?> actorClass, String name) {
    long id = request(
        requestId -> new ToDriver.GetActorRequest(requestId, name, actorClass.displayName()));
    return new ActorRef(id, actorClass.displayName());
  }

  @Override
  public void cancel(long objectId, boolean force, boolean recursive) {
    send(new ToDriver.Cancel(objectId, force, recursive));
  }

  @Override
  public void killActor(ActorRef actor) {
    send(new ToDriver.KillActor(actor.id()));
  }

  /** Asks the driver and waits for its answer, a long; its refusal becomes a RayException. */
  private long request(LongFunction<ToDriver> request) {
    long requestId = nextRequest.incrementAndGet();
    CompletableFuture<Long> answer = new CompletableFuture<>();
    requests.put(requestId, answer);
    Waits runner = this.runner;
    if (runner != null) {
      runner.waiting(true); // someone must read the answer
    }
    try {
      driver.send(request.apply(requestId));
      return answer.get();
    } catch (IOException e) {
      throw new RayException("The driver is gone", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("Interrupted while waiting for the driver", e);
    } catch (ExecutionException e) {
      throw new RayException(e.getCause().getMessage(), e.getCause());
    } finally {
      requests.remove(requestId);
      if (runner != null) {
        runner.waiting(false);
      }
    }
  }

  /** The driver answered a request. */
  void answered(ToWorker.Response response) {
    CompletableFuture<Long> answer = requests.get(response.requestId());
    if (answer == null) {
      return;
    }
    if (response.ok()) {
      answer.complete(response.value());
    } else {
      answer.completeExceptionally(new RayException(response.error()));
    }
  }

  /**
   * Ends the actor this process hosts: the driver hears it before the process is gone, so it
   * does not restart it; then the process exits. In a shared host only the actor ends: its
   * channel closes, its threads are stopped, and the calling thread unwinds.
   */
  @Override
  public void exitActor() {
    TaskSpec actor = CurrentWork.actor();
    if (actor == null) {
      super.exitActor();
      return;
    }
    try {
      driver.sendWritten(new ToDriver.KillActor(actor.taskId()));
    } catch (IOException e) {
      Log.debug("Driver gone while the actor exits: {}", e.toString());
    }
    Runnable lane = endLane;
    if (lane != null) {
      lane.run();
      throw new ActorExit();
    }
    FlightRecordings.writeBeforeHalt();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  @Override
  public void shutdown() {
    Log.warn("Ray.shutdown() called inside a worker is ignored: only the driver can stop jray.");
  }
}
