package io.jray.internal.worker;

import io.jray.ActorOptions;
import io.jray.RayException;
import io.jray.Tuning;
import io.jray.internal.BaseRuntime;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorRef;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
  /** Gives back queued tasks while the task thread waits; null until it runs. */
  private volatile TaskRunner runner;

  WorkerRuntime(ObjectStore store, Serializer serializer, ObjectIds ids, Connection driver,
      Tuning tuning) {
    super(store, serializer, ids, tuning);
    this.driver = driver;
  }

  @Override
  protected CompletableFuture<Void> whenReady(long id) {
    boolean[] created = {false};
    CompletableFuture<Void> ready = waiters.computeIfAbsent(id, k -> {
      created[0] = true;
      return new CompletableFuture<>();
    });
    if (created[0]) {
      send(FrameType.SUBSCRIBE, id);
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
      driver.send(FrameType.SUBMIT, spec::writeTo);
    } catch (IOException e) {
      throw new RayException("Cannot submit " + spec.displayName()
          + ": the driver is gone (" + e + ")", e);
    }
  }

  void setRunner(TaskRunner runner) {
    this.runner = runner;
  }

  @Override
  protected void beforeBlocking() {
    if (blockedThreads.getAndIncrement() == 0) {
      send(FrameType.BLOCKED, -1);
    }
    TaskRunner runner = this.runner;
    if (runner != null) {
      runner.waiting(true);
    }
  }

  @Override
  protected void afterBlocking() {
    // Tasks must be welcome again before the driver hears that this one runs again.
    TaskRunner runner = this.runner;
    if (runner != null) {
      runner.waiting(false);
    }
    if (blockedThreads.decrementAndGet() == 0) {
      send(FrameType.UNBLOCKED, -1);
    }
  }

  private void send(byte type, long id) {
    try {
      if (id < 0) {
        driver.send(type);
      } else {
        driver.send(type, out -> out.writeLong(id));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the driver is gone", e);
    }
  }

  @Override
  protected void contains(long container, long[] refs) {
    try {
      driver.send(FrameType.CONTAINS, out -> {
        out.writeLong(container);
        out.writeInt(refs.length);
        for (long ref : refs) {
          out.writeLong(ref);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("the driver is gone", e);
    }
  }

  @Override
  protected void submitActorCall(long actorId, TaskSpec call) {
    try {
      driver.send(FrameType.SUBMIT_ACTOR_CALL, out -> {
        out.writeLong(actorId);
        call.writeTo(out);
      });
    } catch (IOException e) {
      throw new RayException("Cannot call " + call.displayName() + ": the driver is gone", e);
    }
  }

  @Override
  public ActorRef createActor(ActorConstructor<?> constructor, ActorOptions options,
      Object[] args) {
    ActorClass<?> actorClass = constructor.actorClass();
    TaskSpec creation = encodeCreation(ids.next(), constructor, args);
    long id = request(FrameType.CREATE_ACTOR_REQUEST, out -> {
      out.writeUTF(options.name() == null ? "" : options.name());
      out.writeInt(options.maxRestartsOr(actorClass.maxRestarts()));
      out.writeInt(options.maxTaskRetries());
      out.writeUTF(actorClass.displayName());
      creation.writeTo(out);
    });
    return new ActorRef(id, actorClass.displayName());
  }

  @Override
  public ActorRef getActor(ActorClass<?> actorClass, String name) {
    long id = request(FrameType.GET_ACTOR_REQUEST, out -> {
      out.writeUTF(name);
      out.writeUTF(actorClass.displayName());
    });
    return new ActorRef(id, actorClass.displayName());
  }

  @Override
  public void cancel(long objectId) {
    send(FrameType.CANCEL, objectId);
  }

  @Override
  public void killActor(ActorRef actor) {
    send(FrameType.KILL_ACTOR, actor.id());
  }

  /** Asks the driver and waits for its answer, a long; its refusal becomes a RayException. */
  private long request(byte kind, Connection.FrameWriter payload) {
    long requestId = nextRequest.incrementAndGet();
    CompletableFuture<Long> answer = new CompletableFuture<>();
    requests.put(requestId, answer);
    try {
      driver.send(FrameType.REQUEST, out -> {
        out.writeLong(requestId);
        out.writeByte(kind);
        payload.write(out);
      });
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
    }
  }

  /** The driver answered a request. */
  void answered(long requestId, boolean ok, DataInputStream in) throws IOException {
    CompletableFuture<Long> answer = requests.get(requestId);
    if (answer == null) {
      return;
    }
    if (ok) {
      answer.complete(in.readLong());
    } else {
      answer.completeExceptionally(new RayException(in.readUTF()));
    }
  }

  @Override
  public void shutdown() {
    Log.warn("Ray.shutdown() called inside a worker is ignored: only the driver can stop jray.");
  }
}
