package io.jray.internal.worker;

import io.jray.internal.CallTrace;
import io.jray.internal.CurrentWork;
import io.jray.internal.Log;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongPredicate;

/**
 * Reads the control channel and runs this worker's tasks one at a time, on two threads that swap
 * roles (leader/follower). One reads frames; when a task arrives and none runs, the reader runs it
 * itself, so the call costs no hand-off to another thread, and reads again once it is done. The
 * other thread reads only while the first cannot and someone needs it to: at once when a thread
 * of the process waits in {@code get} (it must hear "object ready"), and when a task has run for
 * a couple of milliseconds (recalls, cancels and tasks queued behind it must be heard). It looks
 * for such a task every {@link #LONG_TASK_MILLIS} while tasks come, rather than be woken for each
 * (a wake-up costs about as much as a no-op task), and sleeps once they stop coming. Tasks that
 * arrive while one runs wait in a queue and run in order on the thread that finished the one
 * before. A task's result, or its error, goes into the store before the driver hears that it is
 * done. An actor's host runs its calls with an {@link ActorHost} instead.
 */
final class TaskRunner implements WorkerRuntime.Waits {
  /** What the reader does with a frame that carries no task; false once the worker must stop. */
  @FunctionalInterface
  interface FrameHandler {
    boolean handle(ToWorker frame) throws IOException;
  }

  /** How long a task runs before the other thread reads for it. */
  private static final long LONG_TASK_MILLIS = 2;
  /** Looks without a task before the other thread sleeps until woken. */
  private static final int QUIET_LOOKS = 50;

  private final Calls calls;
  private final Connection driver;

  /**
   * Guards the queue, the roles, and {@link #waits}; a recall holds it until its answer is
   * sent, so the driver hears which tasks came back before it hears of a task queued after them.
   */
  private final Object lock = new Object();
  private final Deque<Work> queue = new ArrayDeque<>();
  /** The thread that runs a task now, or null. */
  private Thread running;
  /** The task whose body runs now (0 if none), and whether the driver cancelled it meanwhile. */
  private long inBody;
  private boolean cancelled;
  /** A thread reads the channel, or has been told to. */
  private boolean readerTaken;
  /** Counts the tasks started, to tell a long one. */
  private long taskSeq;
  /** The thread that is not running a task sleeps until woken: a task's start must wake it. */
  private boolean otherAsleep;
  /** The channel ended: both threads stop. */
  private boolean ended;
  private final CompletableFuture<Boolean> toldToStop = new CompletableFuture<>();
  /**
   * How many threads of this process wait in get, wait or a ref's future: while any does, the
   * pool's tasks go back to the driver, not into the queue.
   */
  private int waits;

  TaskRunner(Calls calls, Connection driver) {
    this.calls = calls;
    this.driver = driver;
  }

  /**
   * Reads and runs until the driver says stop (true) or the channel ends (false). Frames that
   * carry no task go to {@code handler} on the reading thread.
   */
  boolean serve(FrameHandler handler) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      Thread thread = new Thread(() -> loop(handler), "jray-task-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    try {
      return toldToStop.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A task of the pool; reader only. */
  void enqueue(byte kind, TaskSpec spec) {
    CallTrace.mark(CallTrace.Point.WORKER_READ, spec.taskId());
    synchronized (lock) {
      if (kind == FrameType.EXECUTE && handingBack()) {
        giveBack(List.of(spec.taskId()), List.of());
      } else {
        queue.add(new Work(kind, spec));
      }
    }
  }

  /**
   * A thread of this process starts or stops waiting in get or wait. While one waits, the pool's
   * tasks queued behind the running task would wait as long: they go back to the driver, which
   * sends them to other workers, and so do tasks that arrive meanwhile. Any thread counts, not
   * only the task's own: a task that waits for a thread it started, which waits in get, waits
   * as long (and with one CPU, for a child queued here, forever).
   */
  @Override
  public void waiting(boolean waiting) {
    synchronized (lock) {
      waits += waiting ? 1 : -1;
      if (waiting && waits == 1 && running != null) {
        giveBack(removeQueued(id -> true), List.of());
      }
      if (waiting && !readerTaken) {
        lock.notifyAll(); // the thread that does not run the task reads for it
      }
    }
  }

  /**
   * Under the lock: tasks go back only while one runs. An idle worker takes what it is sent even
   * if some thread left behind by an earlier task still waits: the driver would send the task
   * straight back to it.
   */
  private boolean handingBack() {
    return waits > 0 && running != null;
  }

  /**
   * The driver wants these tasks back: those that have not started go back; the answer names the
   * others too (started, finished, or given back already).
   */
  void recall(long[] taskIds) {
    synchronized (lock) {
      List<Long> given = removeQueued(id -> {
        for (long taskId : taskIds) {
          if (taskId == id) {
            return true;
          }
        }
        return false;
      });
      List<Long> kept = new ArrayList<>();
      for (long taskId : taskIds) {
        if (!given.contains(taskId)) {
          kept.add(taskId);
        }
      }
      giveBack(given, kept);
    }
  }

  /**
   * A gentle cancel: the thread that runs the task is interrupted, if its body still runs, and
   * whatever the task leaves is dropped (the driver failed its ref). A task that ignores the
   * interrupt runs on until it returns; the worker takes nothing else meanwhile.
   */
  void cancel(long taskId) {
    synchronized (lock) {
      if (inBody == taskId && taskId != 0 && !cancelled) {
        cancelled = true;
        driver.interrupt(running);
      }
    }
  }

  /**
   * On the task's thread, once its body has ended: no interrupt reaches it from now on, none is
   * left set for the next task, and true if the driver cancelled it.
   */
  private boolean bodyEnded() {
    synchronized (lock) {
      inBody = 0;
      Thread.interrupted();
      return cancelled;
    }
  }

  /** Under the lock: a task either starts or goes back, never both. */
  private List<Long> removeQueued(LongPredicate which) {
    List<Long> removed = new ArrayList<>();
    for (Iterator<Work> it = queue.iterator(); it.hasNext(); ) {
      Work work = it.next();
      if (work.kind == FrameType.EXECUTE && which.test(work.spec.taskId())) {
        it.remove();
        removed.add(work.spec.taskId());
      }
    }
    return removed;
  }

  private void giveBack(List<Long> given, List<Long> kept) {
    if (given.isEmpty() && kept.isEmpty()) {
      return;
    }
    try {
      driver.send(new ToDriver.Returned(toArray(given), toArray(kept)));
    } catch (IOException e) {
      Log.debug("Driver gone while giving back {} tasks: {}", given.size(), e.toString());
    }
  }

  private static long[] toArray(List<Long> ids) {
    long[] array = new long[ids.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = ids.get(i);
    }
    return array;
  }

  /**
   * One of the two threads: runs queued work, else reads when no task runs or someone waits,
   * else looks now and then for a task that runs long, and reads for it.
   */
  private void loop(FrameHandler handler) {
    Thread me = Thread.currentThread();
    Work work = null;
    while (true) {
      synchronized (lock) {
        try {
          int quiet = 0;
          while (work == null && !ended) {
            if (running == null && !queue.isEmpty()) {
              work = queue.poll();
              running = me;
              taskSeq++;
              break;
            }
            if (!readerTaken && (running == null || waits > 0)) {
              readerTaken = true;
              break;
            }
            if (running != null && quiet < QUIET_LOOKS) {
              long seq = taskSeq;
              lock.wait(LONG_TASK_MILLIS);
              if (!readerTaken && running != null && running != me && taskSeq == seq) {
                readerTaken = true; // one task has run for the whole look
                break;
              }
              quiet = taskSeq == seq && running == null ? quiet + 1 : 0;
              continue;
            }
            otherAsleep = true;
            try {
              lock.wait();
            } finally {
              otherAsleep = false;
            }
            quiet = 0;
          }
        } catch (InterruptedException e) {
          return;
        }
        if (ended) {
          return;
        }
      }
      if (work == null) {
        work = read(handler, me);
      }
      while (work != null) {
        run(work);
        synchronized (lock) {
          // The next queued task runs on this thread, as it would have on a task thread.
          work = ended ? null : queue.poll();
          running = work == null ? null : me;
          if (work != null) {
            taskSeq++;
          }
        }
      }
    }
  }

  /**
   * Reads frames until one brings a task to run while none runs: returns it, having handed the
   * reading to the other thread. Returns null once the channel has ended.
   */
  private Work read(FrameHandler handler, Thread me) {
    try {
      while (true) {
        ToWorker frame = driver.receiveToWorker();
        if (!handler.handle(frame)) {
          end(true);
          return null;
        }
        if (driver.hasBufferedFrame()) {
          continue; // a burst: read it all before running anything
        }
        synchronized (lock) {
          if (running == null && !queue.isEmpty()) {
            running = me;
            taskSeq++;
            readerTaken = false;
            if (otherAsleep || waits > 0) {
              lock.notifyAll(); // rarely: the other thread must look for a long task, or read
            }
            return queue.poll();
          }
        }
      }
    } catch (EOFException e) {
      Log.debug("The driver closed the control channel");
    } catch (IOException | RuntimeException e) {
      Log.error("Control channel failed: {}", e.toString());
    }
    end(false);
    return null;
  }

  private void end(boolean told) {
    synchronized (lock) {
      ended = true;
      lock.notifyAll();
    }
    toldToStop.complete(told);
  }

  /**
   * Runs one task and tells the driver it is done. Once the JVM exits, a task neither starts nor
   * reports a failure: the driver counts it lost with the worker (see {@link JvmExit}).
   */
  private void run(Work work) {
    if (calls.exiting()) {
      return;
    }
    try {
      CurrentWork.running(work.spec);
      long startMicros = Calls.epochMicros();
      synchronized (lock) {
        inBody = work.spec.taskId();
        cancelled = false;
      }
      CallTrace.mark(CallTrace.Point.STARTED, work.spec.taskId());
      Calls.Outcome outcome = calls.runAndStore(work.spec, Calls::runTask, this::bodyEnded);
      CallTrace.mark(CallTrace.Point.STORED, work.spec.taskId());
      if (outcome != Calls.LOST_WITH_THE_JVM) {
        driver.send(Calls.done(work.spec, outcome, startMicros));
      }
      CallTrace.mark(CallTrace.Point.DONE_SENT, work.spec.taskId());
    } catch (IOException e) {
      // The reader hears that the channel ended, and the worker stops.
      Log.debug("Driver gone while reporting {}: {}", work.spec.displayName(), e.toString());
    } finally {
      CurrentWork.running(null);
    }
  }

  private record Work(byte kind, TaskSpec spec) {}
}
