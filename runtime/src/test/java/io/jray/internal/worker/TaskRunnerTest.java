package io.jray.internal.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Tuning;
import io.jray.internal.driver.SessionDir;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.stub.TaskFunction;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's two threads, as the driver sees them over a real socket: tasks run in the order
 * they came, one at a time, and the channel is read while one runs.
 */
@Timeout(60)
class TaskRunnerTest {
  /** The tasks that ran, in order: the thread that ran each, or "gate". */
  private static final List<String> ran = new CopyOnWriteArrayList<>();
  private static volatile CountDownLatch gate = new CountDownLatch(0);
  private static final TaskFunction<Integer> RECORD = TaskFunction.of(
      TaskRunnerTest.class, "record()", "TaskRunnerTest.record", 0, args -> {
        ran.add(Thread.currentThread().getName());
        return 1;
      });
  private static final TaskFunction<Integer> WAIT_AT_GATE = TaskFunction.of(
      TaskRunnerTest.class, "waitAtGate()", "TaskRunnerTest.waitAtGate", 0, args -> {
        ran.add("gate");
        gate.await();
        return 2;
      });

  /** The worker's end of the channel, for a task that sends a frame itself. */
  private static volatile Connection toDriverForTasks;
  /**
   * Ignores its interrupt, keeping the flag set, and sends a frame with it set: the channel must
   * outlive that. Records whether the thread is interrupted as it starts.
   */
  private static final TaskFunction<Integer> IGNORE_INTERRUPT = TaskFunction.of(
      TaskRunnerTest.class, "ignoreInterrupt()", "TaskRunnerTest.ignoreInterrupt", 0, args -> {
        ran.add("ignores:" + Thread.currentThread().isInterrupted());
        while (!Thread.currentThread().isInterrupted()) {
          Thread.onSpinWait();
        }
        toDriverForTasks.send(new ToDriver.Acquire(77));
        return 3;
      });
  private static final TaskFunction<Integer> SLEEP = TaskFunction.of(
      TaskRunnerTest.class, "sleep()", "TaskRunnerTest.sleep", 0, args -> {
        ran.add("sleeps:" + Thread.currentThread().isInterrupted());
        Thread.sleep(60_000);
        return 4;
      });

  private static final TaskFunction<byte[]> BIG = TaskFunction.of(
      TaskRunnerTest.class, "big()", "TaskRunnerTest.big", 0,
      args -> new byte[Calls.VALUE_COPY_LIMIT + 1]);
  private static final TaskFunction<Integer> FAIL = TaskFunction.of(
      TaskRunnerTest.class, "fail()", "TaskRunnerTest.fail", 0, args -> {
        throw new IllegalStateException("no");
      });

  /** This worker's view of its JVM's exit, which {@link #EXIT_AT_GATE} begins. */
  private static volatile Exit exit;
  /** At the gate, begins the JVM's exit, then fails for it, as a call does whose store closed. */
  private static final TaskFunction<Integer> EXIT_AT_GATE = TaskFunction.of(
      TaskRunnerTest.class, "exitAtGate()", "TaskRunnerTest.exitAtGate", 0, args -> {
        ran.add("exits");
        gate.await();
        exit.note();
        throw new IllegalStateException("VanillaChronicleMap closed");
      });

  /** Counts the runner's looks at the exit once it has begun: it looks before each task. */
  private static final class Exit extends JvmExit {
    final Semaphore looksSince = new Semaphore(0);

    @Override
    boolean seen() {
      boolean seen = super.seen();
      if (seen) {
        looksSince.release();
      }
      return seen;
    }
  }

  private Path sessionDir;
  private ObjectStore store;
  private SocketChannel workerEnd;
  private Connection driver;
  private CompletableFuture<Boolean> served;

  @BeforeEach
  void start() throws Exception {
    ran.clear();
    sessionDir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-runner-test-");
    store = ObjectStore.create(sessionDir, 1 << 20);
    Path socket = sessionDir.resolve("control.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      workerEnd = SocketChannel.open(StandardProtocolFamily.UNIX);
      workerEnd.connect(UnixDomainSocketAddress.of(socket));
      driver = new Connection(server.accept());
    }
    Connection toDriver = new Connection(workerEnd);
    toDriverForTasks = toDriver;
    exit = new Exit();
    TaskRunner runner = new TaskRunner(new Calls(store, new Serializer(), toDriver, null, exit),
        toDriver);
    served = CompletableFuture.supplyAsync(() -> {
      try {
        return runner.serve(frame -> {
          if (frame instanceof ToWorker.Execute execute) {
            runner.enqueue(FrameType.EXECUTE, execute.spec());
          } else if (frame instanceof ToWorker.Recall recall) {
            runner.recall(recall.taskIds());
          } else if (frame instanceof ToWorker.CancelTask cancel) {
            runner.cancel(cancel.taskId());
          } else if (frame instanceof ToWorker.Shutdown) {
            return false;
          } else {
            throw new IOException("unexpected frame type " + frame.type());
          }
          return true;
        });
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    gate.countDown();
    driver.close();
    served.get(10, TimeUnit.SECONDS);
    store.close();
    SessionDir.deleteTree(sessionDir);
    SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
  }

  @Test
  void tasksRunOneAtATimeOnTheWorkersThreadsAndReportDone() throws Exception {
    for (long id = 1; id <= 5; id++) {
      execute(id, RECORD);
      assertEquals(id, taskDone());
    }
    assertEquals(5, ran.size());
    for (String thread : ran) {
      assertTrue(thread.startsWith("jray-task-"), thread);
    }
  }

  @Test
  void whileATaskRunsTheChannelIsReadAndQueuedTasksComeBackWhenRecalled() throws Exception {
    gate = new CountDownLatch(1);
    execute(1, WAIT_AT_GATE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(List.of("gate"), ran, "the first task runs");
    execute(2, RECORD);
    execute(3, RECORD);
    execute(4, RECORD);
    driver.send(new ToWorker.Recall(new long[] {3, 1}));
    ToDriver.Returned returned =
        assertInstanceOf(ToDriver.Returned.class, driver.receiveToDriver());
    assertEquals(List.of(3L), boxed(returned.given()), "given back");
    assertEquals(List.of(1L), boxed(returned.kept()), "kept: it runs");
    gate.countDown();
    assertEquals(1L, taskDone());
    assertEquals(2L, taskDone());
    assertEquals(4L, taskDone());
    assertEquals(3, ran.size(), "the recalled task never ran: " + ran);
  }

  @Test
  void aCancelInterruptsTheRunningTaskAndStoresNothingOfIt() throws Exception {
    execute(1, SLEEP);
    awaitRan(1);
    driver.send(new ToWorker.CancelTask(99)); // another task's: nothing happens
    driver.send(new ToWorker.CancelTask(1));
    ToDriver.TaskDone done = assertInstanceOf(ToDriver.TaskDone.class, driver.receiveToDriver());
    assertEquals(1L, done.taskId());
    assertNull(store.get(1), "a cancelled task's error was stored");
    execute(2, SLEEP);
    awaitRan(2);
    assertEquals("sleeps:false", ran.get(1), "the interrupt reached the next task");
    driver.send(new ToWorker.CancelTask(2));
    assertEquals(2L, assertInstanceOf(ToDriver.TaskDone.class, driver.receiveToDriver())
        .taskId());
  }

  @Test
  void aTaskThatIgnoresItsInterruptMaySendFramesAndItsValueIsDropped() throws Exception {
    execute(1, IGNORE_INTERRUPT);
    awaitRan(1);
    driver.send(new ToWorker.CancelTask(1));
    assertEquals(new ToDriver.Acquire(77), driver.receiveToDriver());
    ToDriver.TaskDone done = assertInstanceOf(ToDriver.TaskDone.class, driver.receiveToDriver());
    assertEquals(1L, done.taskId());
    assertNull(store.get(1), "a cancelled task's value was stored");
    execute(2, RECORD);
    assertEquals(2L, taskDone());
  }

  @Test
  void aSmallValuesBytesComeInTaskDoneAsStoredAndALargeOnesOrAnErrorsDoNot() throws Exception {
    execute(1, RECORD);
    ToDriver.TaskDone small = assertInstanceOf(ToDriver.TaskDone.class,
        driver.receiveToDriver());
    try (var stored = store.get(1)) {
      byte[] inStore = new byte[stored.data().remaining()];
      stored.data().duplicate().get(inStore);
      assertArrayEquals(inStore, small.value());
    }
    assertEquals(1, new Serializer().deserialize(java.nio.ByteBuffer.wrap(small.value())));
    execute(2, BIG);
    ToDriver.TaskDone big = assertInstanceOf(ToDriver.TaskDone.class, driver.receiveToDriver());
    assertNull(big.error());
    assertNull(big.value(), "a value over the limit travelled in TASK_DONE");
    execute(3, FAIL);
    ToDriver.TaskDone failed = assertInstanceOf(ToDriver.TaskDone.class,
        driver.receiveToDriver());
    assertTrue(failed.error().contains("no"), failed.error());
    assertNull(failed.value());
  }

  @Test
  void onceTheJvmExitsAFailedTaskIsNotReportedAndQueuedOnesDoNotStart() throws Exception {
    gate = new CountDownLatch(1);
    execute(1, EXIT_AT_GATE);
    awaitRan(1);
    execute(2, RECORD);
    gate.countDown();
    // The runner looks at the exit before task 2, once it has done with task 1.
    assertTrue(exit.looksSince.tryAcquire(10, TimeUnit.SECONDS), "task 2 was never taken");
    driver.send(new ToWorker.Recall(new long[] {1, 2}));
    ToDriver.Returned returned = assertInstanceOf(ToDriver.Returned.class,
        driver.receiveToDriver(), "the driver heard of a task that the exit cut off");
    assertEquals(List.of(1L, 2L), boxed(returned.kept()), "neither is queued");
    assertEquals(List.of("exits"), ran, "a task started as the JVM exits");
    assertNull(store.get(1), "the failure was stored");
  }

  @Test
  void shutdownEndsServingAndSaysSo() throws Exception {
    execute(1, RECORD);
    assertEquals(1L, taskDone());
    driver.send(ToWorker.Shutdown.INSTANCE);
    assertTrue(served.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aClosedChannelEndsServingWithoutAWord() throws Exception {
    driver.close();
    assertFalse(served.get(10, TimeUnit.SECONDS));
  }

  /** Waits until {@code count} tasks have started. */
  private static void awaitRan(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(count, ran.size(), ran.toString());
  }

  private void execute(long id, TaskFunction<?> function) throws IOException {
    TaskSpec spec = new TaskSpec(id, function.id(), function.displayName(), 0, false,
        new byte[0][], new long[0], new long[0]);
    driver.send(new ToWorker.Execute(spec));
  }

  /** The next frame must say a task finished without error: returns its id. */
  private long taskDone() throws IOException {
    ToDriver.TaskDone done = assertInstanceOf(ToDriver.TaskDone.class, driver.receiveToDriver());
    assertNull(done.error(), "task " + done.taskId() + " failed");
    return done.taskId();
  }

  private static List<Long> boxed(long[] ids) {
    return java.util.Arrays.stream(ids).boxed().toList();
  }
}
