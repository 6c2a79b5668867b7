package io.jray.internal.worker;

import io.jray.RayException;
import io.jray.internal.BaseRuntime;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime inside a worker, for the code a task runs: values go to and from the store
 * directly; nested tasks and "tell me when it is ready" go to the driver.
 */
final class WorkerRuntime extends BaseRuntime {
  private final Connection driver;
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger blockedThreads = new AtomicInteger();

  WorkerRuntime(ObjectStore store, Serializer serializer, ObjectIds ids, Connection driver) {
    super(store, serializer, ids);
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

  @Override
  protected void submit(TaskSpec spec) {
    try {
      driver.send(FrameType.SUBMIT, spec::writeTo);
    } catch (IOException e) {
      throw new RayException("Cannot submit " + spec.displayName()
          + ": the driver is gone (" + e + ")", e);
    }
  }

  @Override
  protected void beforeBlocking() {
    if (blockedThreads.getAndIncrement() == 0) {
      send(FrameType.BLOCKED, -1);
    }
  }

  @Override
  protected void afterBlocking() {
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
  public void shutdown() {
    Log.warn("Ray.shutdown() called inside a worker is ignored: only the driver can stop jray.");
  }
}
