package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskCancelledException;
import io.jray.TaskFailedException;
import io.jray.WorkerDiedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead workers, retries, cancel and a killed driver, across real processes. */
class FaultsIT {
  private static final int CPUS = 2;
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
  void aTaskWhoseWorkerDiesRunsAgain() throws Exception {
    Path marks = dir.resolve("marks");
    assertEquals(2, Ray.get(FaultsRemote.dieOnce(marks.toString()), Duration.ofSeconds(60)));
    awaitPoolSize();
  }

  @Test
  void afterItsRetriesATaskFailsWithAClearError() throws Exception {
    Path marks = dir.resolve("marks");
    WorkerDiedException e = assertThrows(WorkerDiedException.class,
        () -> Ray.get(FaultsRemote.alwaysDie(marks.toString()), Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("io.jray.it.Faults.alwaysDie"), e.getMessage());
    assertTrue(e.getMessage().contains("2 attempt(s)"), e.getMessage());
    assertTrue(e.getMessage().contains("exit code 14"), e.getMessage());
    assertEquals(2, Files.readAllLines(marks).size());
    awaitPoolSize();
  }

  @Test
  void aWorkerKilledWithSigkillMidTaskIsReplacedAndTheTaskRetried() throws Exception {
    Path marks = dir.resolve("marks");
    ObjectRef<Integer> ref = FaultsRemote.markThenSleep(marks.toString(), 60_000);
    long pid = awaitMarkedPid(marks);
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    assertEquals(2, Ray.get(ref, Duration.ofSeconds(60)));
    awaitPoolSize();
  }

  @Test
  void applicationExceptionsAreNotRetried() throws Exception {
    Path marks = dir.resolve("marks");
    assertThrows(TaskFailedException.class,
        () -> Ray.get(FaultsRemote.throwAndCount(marks.toString())));
    assertEquals(1, Files.readAllLines(marks).size());
  }

  @Test
  void aQueuedTaskCancelledNeverRuns() throws Exception {
    awaitPoolSize();
    List<ObjectRef<Long>> busy = new ArrayList<>();
    for (int i = 0; i < CPUS; i++) {
      busy.add(FaultsRemote.sleep(1500));
    }
    Path marks = dir.resolve("marks");
    ObjectRef<Integer> queued = FaultsRemote.dieOnce(marks.toString());
    Set<Long> workers = childPids();
    Ray.cancel(queued);
    assertThrows(TaskCancelledException.class, () -> Ray.get(queued, Duration.ofSeconds(5)));
    assertEquals(List.of(1500L, 1500L), Ray.get(busy));
    Thread.sleep(300); // had it been queued still, it would have started by now
    assertFalse(Files.exists(marks));
    // Whether it waited in the driver or in a worker's queue, no worker had to die for it.
    assertTrue(workers.stream().allMatch(FaultsIT::alive), "a worker was stopped");
  }

  @Test
  void tasksQueuedInAWorkerThatDiesRunElsewhereWithoutUsingARetry() throws Exception {
    awaitPoolSize();
    List<Path> marks = new ArrayList<>();
    List<ObjectRef<Integer>> sleepers = new ArrayList<>();
    for (int i = 0; i < CPUS; i++) {
      marks.add(dir.resolve("marks" + i));
      sleepers.add(FaultsRemote.markThenSleep(marks.get(i).toString(), 60_000));
    }
    // Submitted at once, these may wait in the sleepers' queues; they have no retry to spare.
    List<ObjectRef<Integer>> queued = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queued.add(FaultsRemote.noRetries(i));
      expected.add(i);
    }
    for (Path mark : marks) {
      long pid = awaitMarkedPid(mark);
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    }
    assertEquals(expected, Ray.get(queued, Duration.ofSeconds(60)));
    assertEquals(List.of(2, 2), Ray.get(sleepers, Duration.ofSeconds(60)));
    awaitPoolSize();
  }

  @Test
  void aTaskThatKillsItsWorkerAfterWaitingInItsQueueUsesItsRetriesLikeAnyOther() throws Exception {
    awaitPoolSize();
    // Short tasks around it, submitted at once, so that it waits in a worker's queue and starts
    // right after the worker sent its last result: the driver must count that start.
    Path marks = dir.resolve("queued-marks");
    List<ObjectRef<Integer>> around = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      around.add(FaultsRemote.noRetries(i));
    }
    ObjectRef<Integer> dying = FaultsRemote.alwaysDie(marks.toString());
    for (int i = 20; i < 40; i++) {
      around.add(FaultsRemote.noRetries(i));
    }
    WorkerDiedException e = assertThrows(WorkerDiedException.class,
        () -> Ray.get(dying, Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("2 attempt(s)"), e.getMessage());
    assertEquals(2, Files.readAllLines(marks).size(), "ran once more than its one retry");
    assertEquals(40, Ray.get(around, Duration.ofSeconds(60)).size());
    awaitPoolSize();
  }

  @Test
  void aRunningTaskCancelledStopsAndItsWorkerIsReplaced() throws Exception {
    Path marks = dir.resolve("marks");
    ObjectRef<Integer> running = FaultsRemote.markThenSleep(marks.toString(), 60_000);
    long pid = awaitMarkedPid(marks);
    long started = System.nanoTime();
    Ray.cancel(running);
    assertThrows(TaskCancelledException.class, () -> Ray.get(running, Duration.ofSeconds(10)));
    assertTrue(System.nanoTime() - started < 10_000_000_000L);
    await(() -> ProcessHandle.of(pid).isEmpty());
    awaitPoolSize();
    assertEquals(5L, Ray.get(FaultsRemote.sleep(5)));
    assertEquals(1, Files.readAllLines(marks).size(), "a cancelled task is not retried");
  }

  @Test
  void whenTheDriverIsKilledItsWorkersAndFilesGoWithinFiveSeconds() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(JvmProcess.java().toString());
    command.addAll(JvmProcess.jrayFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Faults.DoomedDriver.class.getName());
    Process driver = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Long> workers = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("WORKERS ")) {
          for (String pid : line.substring(8).split(" ")) {
            workers.add(Long.parseLong(pid));
          }
          break;
        }
      }
      assertEquals(CPUS, workers.size(), "worker pids");
      new ProcessBuilder("kill", "-9", Long.toString(driver.pid())).start().waitFor();
      driver.waitFor();
      long killed = System.nanoTime();
      await(() -> workers.stream().noneMatch(FaultsIT::alive));
      await(() -> sessionFoldersOf(driver.pid()).isEmpty());
      assertTrue(System.nanoTime() - killed < 5_000_000_000L,
          "workers and files outlived the driver by more than 5 s");
    } finally {
      driver.destroyForcibly();
      workers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /** Alive and not a zombie waiting for init to reap it. */
  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Set<Long> childPids() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** The pool is back to one worker per CPU. */
  private static void awaitPoolSize() {
    await(() -> ProcessHandle.current().children().count() == CPUS);
  }

  /**
   * The pid that a task wrote first to a marks file, once its line is whole: the file exists a
   * moment before the task has written to it.
   */
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

  /** The driver's session folders in shared memory, named jray-<driver pid>-<random>. */
  static Set<String> sessionFoldersOf(long driverPid) {
    try (Stream<Path> entries = Files.list(Paths.get("/dev/shm"))) {
      return entries.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("jray-" + driverPid + "-"))
          .collect(Collectors.toSet());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
