package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskCancelledException;
import io.jray.TaskFailedException;
import io.jray.TaskOptions;
import io.jray.state.TaskInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gentle and recursive cancels, named retry exceptions under one budget of retries, and a
 * {@code Ray.get} of several refs that fails fast, across real worker processes.
 */
class CancelIT {
  private static final int CPUS = 2;
  private static final long LONG_SLEEP = 120_000;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(CPUS).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void aGentleCancelInterruptsTheTaskAndItsWorkerStaysToAnswerTheNext() throws Exception {
    awaitPoolSize();
    Path marks = dir.resolve("marks");
    ObjectRef<Long> sleeper = CancelsRemote.markThenSleep(marks.toString(), LONG_SLEEP);
    long pid = awaitMarkedPid(marks);
    long cancelled = System.nanoTime();
    Ray.cancel(sleeper, false, false);
    assertThrows(TaskCancelledException.class, () -> Ray.get(sleeper, Duration.ofSeconds(10)));
    assertTrue(System.nanoTime() - cancelled < 5_000_000_000L, "the ref failed late");

    // Two tasks at once take both workers of the pool: the cancelled task's is one of them.
    Set<Long> answered = new HashSet<>();
    await(() -> {
      answered.addAll(Ray.get(List.of(CancelsRemote.pidAfter(300), CancelsRemote.pidAfter(300)),
          Duration.ofSeconds(30)));
      return answered.contains(pid);
    });
    assertTrue(alive(pid));
    assertEquals(1, Files.readAllLines(marks).size(), "a cancelled task ran again");
  }

  @Test
  void aRecursiveCancelFreesTheChildsCpuForTheNextTask() throws Exception {
    awaitPoolSize();
    Path childMarks = dir.resolve("child");
    ObjectRef<Long> parent = CancelsRemote.parentOfSleeper(childMarks.toString(), LONG_SLEEP);
    long childPid = awaitMarkedPid(childMarks);
    Ray.cancel(parent, false, true);
    assertThrows(TaskCancelledException.class, () -> Ray.get(parent, Duration.ofSeconds(10)));

    // It needs both CPUs: it starts only once the child, which would sleep for minutes, let go.
    long asked = System.currentTimeMillis();
    ObjectRef<Long> wide = TaskOptions.builder().numCpus(CPUS).build()
        .run(CancelsRemote::startedAt);
    long startedAt = Ray.get(wide, Duration.ofSeconds(30));
    assertTrue(startedAt - asked < 10_000, "it started " + (startedAt - asked) + " ms later");
    assertTrue(alive(childPid), "a gentle cancel ended the child's worker");
    assertEquals(1, Files.readAllLines(childMarks).size(), "the cancelled child ran again");
  }

  @Test
  void namedRetryExceptionsRetryTheNamedOnesAndTheirSubclassesOnly() throws Exception {
    TaskOptions retryIo = TaskOptions.builder().maxRetries(3)
        .retryExceptions(IOException.class).build();
    Path io = dir.resolve("io");
    Path missing = dir.resolve("missing");
    Path state = dir.resolve("state");
    ObjectRef<Integer> ioRef =
        retryIo.run(() -> CancelsRemote.throwUntil(io.toString(), "io", 3));
    assertEquals(3, Ray.get(ioRef, Duration.ofSeconds(60)));
    assertEquals(2, Ray.get(
        retryIo.run(() -> CancelsRemote.throwUntil(missing.toString(), "missing", 2)),
        Duration.ofSeconds(60)));
    TaskFailedException e = assertThrows(TaskFailedException.class, () -> Ray.get(
        retryIo.run(() -> CancelsRemote.throwUntil(state.toString(), "state", 3)),
        Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
    assertEquals(1, Files.readAllLines(state).size(), "an exception not named was retried");

    TaskInfo info = taskInfo(ioRef);
    assertEquals(3, info.attempts(), info.toString());
  }

  @Test
  void retriesAfterExceptionsAndAfterDeathsShareOneBudget() throws Exception {
    Path marks = dir.resolve("marks");
    ObjectRef<Integer> ref = TaskOptions.builder().maxRetries(2).retryExceptions(true).build()
        .run(() -> CancelsRemote.throwThenDie(marks.toString()));
    // Run 1 throws, run 2's worker dies, run 3 throws with no retry left.
    TaskFailedException e = assertThrows(TaskFailedException.class,
        () -> Ray.get(ref, Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("run 3 failed"), e.getMessage());
    assertEquals(3, Files.readAllLines(marks).size(), "maxRetries = 2 allows 3 runs");
    assertEquals(3, taskInfo(ref).attempts());
    awaitPoolSize();
  }

  @Test
  void getOfSeveralRefsFailsAsSoonAsOneFailsWhileAnotherStillRuns() throws Exception {
    awaitPoolSize();
    Path marks = dir.resolve("marks");
    ObjectRef<Long> slow = CancelsRemote.markThenSleep(marks.toString(), LONG_SLEEP);
    awaitMarkedPid(marks);
    ObjectRef<Integer> failing = CancelsRemote.failNow();
    long asked = System.nanoTime();
    TaskFailedException e = assertThrows(TaskFailedException.class,
        () -> Ray.get(List.of(slow, failing), Duration.ofSeconds(60)));
    assertTrue(System.nanoTime() - asked < 10_000_000_000L, "the get waited for the slow task");
    assertTrue(e.getMessage().contains("failing at once"), e.getMessage());
    Ray.cancel(slow, false, false);
    assertThrows(TaskCancelledException.class, () -> Ray.get(slow, Duration.ofSeconds(10)));
  }

  /** The state API's row for the task that makes {@code ref}. */
  private static TaskInfo taskInfo(ObjectRef<?> ref) {
    return Ray.state().tasks(0, 10_000).items().stream()
        .filter(task -> ref.toString().contains(task.taskId()))
        .findFirst().orElseThrow(() -> new AssertionError("no task for " + ref));
  }

  /** Alive and not a zombie waiting for init to reap it. */
  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The pool is back to one worker per CPU. */
  private static void awaitPoolSize() {
    await(() -> ProcessHandle.current().children().count() == CPUS);
  }

  /** The pid that a task wrote first to a marks file, once its line is whole. */
  private static long awaitMarkedPid(Path marks) {
    long[] pid = {0};
    await(() -> {
      try {
        String text = Files.exists(marks) ? Files.readString(marks) : "";
        int end = text.indexOf('\n');
        if (end <= 0) {
          return false;
        }
        pid[0] = Long.parseLong(text.substring(0, end).trim());
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    return pid[0];
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
