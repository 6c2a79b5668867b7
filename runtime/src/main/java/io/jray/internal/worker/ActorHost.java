package io.jray.internal.worker;

import io.jray.ActorDiedException;
import io.jray.internal.CurrentWork;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.HeldValues;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.FunctionRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the calls of the actor this process hosts. The actor's own thread ({@code jray-actor})
 * runs its constructor and, while its default group has one thread (the default), every call of
 * that group, in order: code that keeps state in a {@code ThreadLocal} sees it in the next call.
 * While it has nothing to run, that thread reads the control channel itself, so a call costs no
 * hand-off between threads. A second thread ({@code jray-actor-reader}) reads only while the
 * actor's thread cannot: when some thread of the process waits in get, wait or a request (it
 * must hear "object ready"), when the actor has other groups (their calls must not wait behind a
 * long one), or when a call has run for a couple of milliseconds. Calls of a group with threads
 * of its own ({@code @ConcurrencyGroup}, or the default group with {@code maxConcurrency} above
 * 1) go to that group's pool. A call that returns a future frees its thread at once; its result
 * is stored, and the driver told, when the future completes.
 */
final class ActorHost implements WorkerRuntime.Waits {
  /** How long a call of the actor's thread runs before the other thread reads for it. */
  private static final long LONG_CALL_MILLIS = 2;
  /** Looks without a call before the other thread sleeps until woken. */
  private static final int QUIET_LOOKS = 50;

  private final Calls calls;
  private final Connection driver;
  private final TaskRunner.FrameHandler handler;
  private final int repliesPerWrite;
  private final ToWorker.CreateActor creation;
  /** Told of every thread the actor runs on (in a shared host, to know whose thread is whose). */
  private final Consumer<Thread> threads;
  /** The actor's thread, once started: a stop interrupts it. */
  private volatile Thread actorThread;

  /** Guards the fields below it, and the roles: who reads, what the actor's thread runs. */
  private final Object lock = new Object();
  /** The constructor, then calls for the actor's thread, in order. */
  private final Deque<TaskSpec> own = new ArrayDeque<>();
  /** A thread reads the channel. */
  private boolean readerTaken;
  /** The actor's thread runs a call. */
  private boolean ownBusy;
  /** Counts the actor's thread's calls, to tell a long one. */
  private long callSeq;
  /** The other thread waits without a deadline, and must be woken for a call. */
  private boolean helperIdle;
  /** The actor's thread waits for work or the reading role. */
  private boolean ownWaiting;
  /** Threads of this process that wait in get, wait or a request. */
  private int waits;
  /** The constructor ran: calls may go to the pools. */
  private boolean created;
  /** Calls of other groups may arrive while the actor's thread runs: always read meanwhile. */
  private boolean eagerReader;
  private boolean ended;
  private final CompletableFuture<Boolean> toldToStop = new CompletableFuture<>();

  /** The actor's thread's replies held for a later write; that thread only. */
  private int repliesHeld;
  /** Copies of the values of the replies held, for the driver should this host die. */
  private final HeldValues held;
  /** The pools of groups with threads of their own, by name ("" for the default group). */
  private volatile Map<String, ExecutorService> pools = Map.of();
  private volatile Object actor;
  private volatile Throwable creationError;
  private volatile String actorName;

  ActorHost(Calls calls, Connection driver, int repliesPerWrite, HeldValues held,
      ToWorker.CreateActor creation, TaskRunner.FrameHandler handler) {
    this(calls, driver, repliesPerWrite, held, creation, handler, thread -> { });
  }

  ActorHost(Calls calls, Connection driver, int repliesPerWrite, HeldValues held,
      ToWorker.CreateActor creation, TaskRunner.FrameHandler handler, Consumer<Thread> threads) {
    this.held = held;
    this.threads = threads;
    this.calls = calls;
    this.driver = driver;
    this.repliesPerWrite = repliesPerWrite;
    this.creation = creation;
    this.handler = handler;
    own.add(creation.creation());
  }

  /** Runs the actor until the driver says stop (true) or the channel ends (false). */
  boolean serve() throws InterruptedException {
    actorThread = start(this::actorThread, "jray-actor");
    start(this::helperThread, "jray-actor-reader");
    try {
      return toldToStop.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Ends the actor while its JVM lives on (a shared host): its threads stop taking calls, and
   * those that run one are interrupted, which is all a JVM can do to code that runs on.
   */
  void stop() {
    end(true);
    Thread own = actorThread;
    if (own != null && own != Thread.currentThread()) {
      own.interrupt();
    }
    pools.values().forEach(ExecutorService::shutdownNow);
  }

  private Thread start(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    threads.accept(thread);
    thread.start();
    return thread;
  }

  @Override
  public void waiting(boolean waiting) {
    synchronized (lock) {
      waits += waiting ? 1 : -1;
      if (waiting && !readerTaken) {
        lock.notifyAll();
      }
    }
  }

  /** The actor's thread: runs its work, else reads, else waits for one or the other. */
  private void actorThread() {
    while (true) {
      TaskSpec next = null;
      synchronized (lock) {
        while (true) {
          if (ended) {
            return;
          }
          if (!own.isEmpty()) {
            next = own.poll();
            ownBusy = true;
            callSeq++;
            if (eagerReader || helperIdle) {
              lock.notifyAll(); // rarely: only when the other thread sleeps, or must read now
            }
            break;
          }
          if (!readerTaken) {
            readerTaken = true;
            break;
          }
          ownWaiting = true;
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          } finally {
            ownWaiting = false;
          }
        }
      }
      if (next == null) {
        read(false);
        continue;
      }
      try {
        runOwn(next);
      } finally {
        synchronized (lock) {
          ownBusy = false;
        }
      }
    }
  }

  /**
   * The other thread: reads while the actor's thread cannot, and someone needs it to. While the
   * actor has calls it looks every {@link #LONG_CALL_MILLIS} for one that runs that long, rather
   * than be woken for each call (a wake-up costs about as much as a short call); after
   * {@link #QUIET_LOOKS} looks without a call it sleeps until the next call wakes it.
   */
  private void helperThread() {
    while (true) {
      synchronized (lock) {
        try {
          int quiet = 0;
          while (true) {
            if (ended) {
              return;
            }
            if (!readerTaken && (waits > 0 || ownBusy && eagerReader)) {
              break;
            }
            if (quiet < QUIET_LOOKS) {
              long call = callSeq;
              boolean busy = ownBusy;
              lock.wait(LONG_CALL_MILLIS);
              if (!readerTaken && busy && ownBusy && callSeq == call) {
                break; // one call has run for the whole look
              }
              quiet = callSeq == call && !ownBusy ? quiet + 1 : 0;
              continue;
            }
            helperIdle = true;
            try {
              lock.wait();
            } finally {
              helperIdle = false;
            }
            quiet = 0;
          }
        } catch (InterruptedException e) {
          return;
        }
        readerTaken = true;
      }
      read(true);
    }
  }

  /**
   * Reads frames until this thread should stop reading: the actor's thread once it has a call
   * to run, the other once the actor's thread can read again and nobody waits.
   */
  private void read(boolean helper) {
    try {
      while (true) {
        ToWorker frame = driver.receiveToWorker();
        if (frame instanceof ToWorker.ActorCall call) {
          dispatch(call.call());
        } else if (!handler.handle(frame)) {
          end(true);
          return;
        }
        if (driver.hasBufferedFrame()) {
          continue; // a burst: read it all before running anything
        }
        synchronized (lock) {
          boolean stop = helper
              ? waits == 0 && !ownBusy && (!eagerReader || own.isEmpty())
              : !own.isEmpty();
          if (stop) {
            readerTaken = false;
            if (helper || waits > 0) {
              lock.notifyAll(); // the actor's thread reads again; or the other thread must
            }
            return;
          }
        }
      }
    } catch (EOFException e) {
      Log.debug("The driver closed the control channel");
    } catch (IOException | RuntimeException e) {
      Log.error("Control channel failed: {}", e.toString());
    }
    end(false);
  }

  private void end(boolean told) {
    synchronized (lock) {
      ended = true;
      lock.notifyAll();
    }
    toldToStop.complete(told);
  }

  /** A call arrived: to its group's pool, or to the actor's thread (also until it is made). */
  private void dispatch(TaskSpec call) {
    synchronized (lock) {
      if (!created) {
        own.add(call);
        wakeOwn();
        return;
      }
    }
    ExecutorService pool = poolOf(call); // the pools are made once created is set
    if (pool != null) {
      pool.execute(() -> runCall(call, false));
      return;
    }
    synchronized (lock) {
      own.add(call);
      wakeOwn();
    }
  }

  /** Under the lock: a call for the actor's thread, which may wait for one. */
  private void wakeOwn() {
    if (ownWaiting) {
      lock.notifyAll();
    }
  }

  private ExecutorService poolOf(TaskSpec call) {
    Map<String, ExecutorService> pools = this.pools;
    if (pools.isEmpty()) {
      return null;
    }
    try {
      return pools.get(FunctionRegistry.method(call.functionId()).group());
    } catch (RuntimeException e) {
      return null; // the actor's thread fails it, with the reason
    }
  }

  /** On the actor's thread: the constructor, or a call. */
  private void runOwn(TaskSpec spec) {
    if (spec == creation.creation()) {
      create();
      return;
    }
    runCall(spec, true);
  }

  private void create() {
    if (calls.exiting()) {
      return; // the JVM exits: the actor's next life is made elsewhere (see JvmExit)
    }
    TaskSpec spec = creation.creation();
    CurrentWork.hosting(spec, creation.restarts());
    String className = creation.className();
    actorName = "Actor(" + className.substring(className.lastIndexOf('.') + 1) + ", "
        + ObjectIds.hex(spec.taskId()) + ")";
    String error = null;
    try {
      actor = calls.construct(spec);
    } catch (Throwable t) {
      creationError = t;
      error = Calls.summary(t);
    }
    Map<String, ExecutorService> made = new LinkedHashMap<>();
    if (creation.maxConcurrency() > 1) {
      made.put("", pool("default", creation.maxConcurrency()));
    }
    try {
      FunctionRegistry.constructor(spec.functionId()).actorClass().groups()
          .forEach((group, size) -> made.put(group, pool(group, size)));
    } catch (RuntimeException e) {
      Log.debug("No concurrency groups for {}: {}", actorName, e.toString());
    }
    pools = Map.copyOf(made);
    List<Runnable> early = new ArrayList<>();
    synchronized (lock) {
      created = true;
      eagerReader = !made.isEmpty();
      // Calls that came while the actor was made go to their groups now, not behind the
      // default group's calls.
      own.removeIf(call -> {
        ExecutorService pool = poolOf(call);
        return pool != null && early.add(() -> pool.execute(() -> runCall(call, false)));
      });
    }
    early.forEach(Runnable::run);
    if (error != null && calls.exitBegun()) {
      return; // it may have failed for the exit (the store closed): not a failure of its own
    }
    try {
      driver.send(new ToDriver.ActorCreated(error == null, error));
    } catch (IOException e) {
      Log.debug("Driver gone while reporting {}'s creation: {}", actorName, e.toString());
    }
  }

  private ExecutorService pool(String group, int size) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(size, body -> {
      Thread thread = new Thread(body, "jray-actor-" + group + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      threads.accept(thread);
      return thread;
    });
  }

  /**
   * Runs one call and reports it; one that returns a future reports when it completes. The
   * actor's thread ({@code mayHold}) may hold its reply back to go with the next ones. Once the
   * JVM exits, a call neither starts nor reports a failure: the driver counts it lost with the
   * host, as when the host dies (see {@link JvmExit}).
   */
  private void runCall(TaskSpec call, boolean mayHold) {
    if (calls.exiting()) {
      return;
    }
    CurrentWork.running(call);
    long startMicros = Calls.epochMicros();
    try {
      Object result;
      boolean async;
      try {
        ActorMethod<Object, ?> method = method(call);
        async = method.async();
        result = calls.invoke(call, (spec, args) -> Streaming.wrapIf(method.generator(),
            method.invoker().invoke(actor, args), spec.displayName()));
      } catch (ActorExit exit) {
        return; // the actor ended itself: the driver fails this call
      } catch (Throwable t) {
        reply(call, calls.storeFailure(call, t), holds(mayHold), startMicros);
        return;
      }
      // A small value of the driver's call goes with the reply alone, for the driver to keep.
      // A reply held back to go with later ones may die with this host: its value is copied
      // into the held values' file (or, if larger, stored), where the driver finds it and takes
      // the call as done rather than running it again.
      if (async && result instanceof CompletionStage<?> stage) {
        stage.whenComplete((value, error) -> reply(call, error == null
            ? calls.storeValue(call, value, true)
            : calls.storeFailure(call, Futures.unwrap(error)), false, startMicros));
        return;
      }
      boolean hold = holds(mayHold);
      int slot = repliesHeld;
      reply(call, calls.storeValue(call, result,
          hold ? (id, value) -> held.put(slot, id, value) : Calls.Keeper.SENT_AT_ONCE),
          hold, startMicros);
    } finally {
      CurrentWork.running(null);
    }
  }

  @SuppressWarnings("unchecked")
  private ActorMethod<Object, ?> method(TaskSpec call) {
    if (actor == null) {
      throw new ActorDiedException(actorName + " could not be created: its constructor threw "
          + Calls.summary(creationError), creationError);
    }
    return (ActorMethod<Object, ?>) FunctionRegistry.method(call.functionId());
  }

  /**
   * Whether the actor's thread ({@code mayHold}) holds its next reply back: more calls wait, so
   * it can go with theirs, in one write. The last never waits, and a few go at a time so the
   * driver can send more calls before these run out.
   */
  private boolean holds(boolean mayHold) {
    return mayHold && repliesHeld + 1 < repliesPerWrite && hasOwnQueued();
  }

  /**
   * Sends the reply, or holds it back ({@code hold}, decided before its value went anywhere). A
   * reply of the actor's thread that goes writes those held before it too, and returns once the
   * kernel has them all: only then may their slots in the held values take new ones.
   */
  private void reply(TaskSpec call, Calls.Outcome outcome, boolean hold, long startMicros) {
    if (outcome == Calls.LOST_WITH_THE_JVM) {
      return;
    }
    ToDriver.TaskDone done = Calls.done(call, outcome, startMicros);
    try {
      if (hold) {
        repliesHeld++;
        driver.sendLater(done);
      } else if (Thread.currentThread() == actorThread) {
        repliesHeld = 0;
        driver.sendWritten(done);
      } else {
        driver.send(done);
      }
    } catch (IOException e) {
      // The reader hears that the channel ended, and the process stops.
      Log.debug("Driver gone while reporting {}: {}", call.displayName(), e.toString());
    }
  }

  private boolean hasOwnQueued() {
    synchronized (lock) {
      return !own.isEmpty();
    }
  }
}
