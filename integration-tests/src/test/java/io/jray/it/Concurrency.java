package io.jray.it;

import io.jray.ActorLifetime;
import io.jray.Ray;
import io.jray.RuntimeContext;
import io.jray.annotations.ConcurrencyGroup;
import io.jray.annotations.InGroup;
import io.jray.annotations.Remote;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Actors that run calls one at a time on one thread, several at once, in groups, later. */
public final class Concurrency {
  private Concurrency() {}

  /** Keeps a count in a ThreadLocal: it counts up only if every call runs on the same thread. */
  @Remote
  public static class ThreadKeeper {
    private final ThreadLocal<Integer> count = ThreadLocal.withInitial(() -> 0);

    /** This call's thread, and how many calls that thread has counted. */
    public String bump() {
      count.set(count.get() + 1);
      return Thread.currentThread().getName() + "#" + Thread.currentThread().getId() + ":"
          + count.get();
    }

    /** Waits in get for a task, so another thread must read for the actor meanwhile. */
    public String bumpAfterGet(long n) {
      long sum = Ray.get(TasksRemote.add(n, 1L));
      return bump() + ":" + sum;
    }

    /** The runtime context as the actor sees it. */
    public List<String> context() {
      RuntimeContext context = Ray.getRuntimeContext();
      return List.of(context.getCurrentActorId().orElse(""),
          Boolean.toString(context.wasCurrentActorRestarted()),
          context.getCurrentTaskId().orElse(""), context.getCurrentJobId());
    }

    public long pid() {
      return ProcessHandle.current().pid();
    }

    /** Ends this actor from inside. */
    public String exitNow() {
      Ray.exitActor();
      return "still here";
    }
  }

  /** Calls that meet at a barrier: they return only if {@code parties} of them run at once. */
  @Remote
  public static class Meeting {
    private final CyclicBarrier barrier;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    public Meeting(int parties) {
      barrier = new CyclicBarrier(parties);
    }

    /** Waits for the others up to {@code seconds}; the thread it ran on. */
    public String meet(long seconds) throws Exception {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        barrier.await(seconds, TimeUnit.SECONDS);
        return Thread.currentThread().getName();
      } finally {
        running.decrementAndGet();
      }
    }

    /** The most calls that ran at once so far. */
    public int most() {
      return most.get();
    }
  }

  /** A long call in the default group, and a health check in a group of its own. */
  @Remote
  @ConcurrencyGroup(name = "health", maxConcurrency = 1)
  @ConcurrencyGroup(name = "control", maxConcurrency = 1)
  public static class Server {
    private final CountDownLatch released = new CountDownLatch(1);

    /** Runs until {@link #release} is called, or a minute passes. */
    public boolean work() throws InterruptedException {
      return released.await(60, TimeUnit.SECONDS);
    }

    @InGroup("health")
    public String ping() {
      return Thread.currentThread().getName();
    }

    @InGroup("control")
    public boolean release() {
      released.countDown();
      return true;
    }
  }

  /** Methods that return futures: the actor goes on with other calls while they are pending. */
  @Remote
  public static class Later {
    private final ConcurrentHashMap<String, CompletableFuture<String>> pending =
        new ConcurrentHashMap<>();

    /** Settles when {@link #complete} is called with the same key. */
    public CompletableFuture<String> await(String key) {
      return pending.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    public boolean complete(String key, String value) {
      return pending.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(value);
    }

    public CompletionStage<Integer> failing() {
      return CompletableFuture.failedFuture(new IllegalStateException("the future failed"));
    }

    public CompletableFuture<Long> pidLater() {
      return CompletableFuture.supplyAsync(() -> ProcessHandle.current().pid());
    }
  }

  /** Creates actors of its own: they end with it, unless detached. */
  @Remote
  public static class Parent {
    private Concurrency_ThreadKeeperRemote child;

    /** Creates a child and keeps its handle; returns the child's pid. */
    public long spawn() {
      // Alone, so that its end shows as its process's.
      child = Concurrency_ThreadKeeperRemote.options().isolated(true).create();
      return Ray.get(child.pid());
    }

    /** Creates a named, detached child and drops its handle; returns the child's pid. */
    public long spawnDetached(String name) {
      return Ray.get(Concurrency_ThreadKeeperRemote.options().name(name)
          .lifetime(ActorLifetime.DETACHED).create().pid());
    }
  }

  /** A task that creates an actor and returns its handle: the driver holds it from then on. */
  @Remote
  public static Concurrency_ThreadKeeperRemote keeperFromTask() {
    return Concurrency_ThreadKeeperRemote.create();
  }

  /** A task whose result is a future's value. */
  @Remote
  public static CompletableFuture<Long> doubleLater(long n) {
    return CompletableFuture.supplyAsync(() -> 2 * n);
  }

  /** A task that calls {@code Ray.exitActor()}, which only actors may. */
  @Remote
  public static String exitFromTask() {
    Ray.exitActor();
    return "not reached";
  }

  /** A task that gets the named actor or creates it, from a worker. */
  @Remote
  public static String sharedFromTask(String name) {
    Concurrency_ThreadKeeperRemote keeper =
        Concurrency_ThreadKeeperRemote.options().name(name).getIfExists(true).create();
    return keeper.actorId();
  }
}
