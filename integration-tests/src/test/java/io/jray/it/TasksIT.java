package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.GetTimeoutException;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskFailedException;
import io.jray.WaitResult;
import io.jray.it.Tasks.OrderException;
import io.jray.it.Tasks.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tasks across real worker processes and the real store, one runtime for the whole class. */
class TasksIT {
  private static final long DRIVER_PID = ProcessHandle.current().pid();

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void remoteValuesEqualLocalCalls() {
    assertEquals(Tasks.add(40, 2), Ray.get(TasksRemote.add(40, 2)));
    Point p = new Point(3, 4);
    assertEquals(Tasks.mirror(p), Ray.get(TasksRemote.mirror(p)));
    List<String> words = List.of("ray", "for", "java");
    assertEquals(Tasks.join(words, "-"), Ray.get(TasksRemote.join(words, "-")));
    Map<String, Integer> lengths = Ray.get(TasksRemote.lengths(words));
    assertEquals(Tasks.lengths(words), lengths);
    assertNull(Ray.get(TasksRemote.nothing()));
  }

  @Test
  void tasksRunInOtherProcesses() {
    assertNotEquals(DRIVER_PID, Ray.get(TasksRemote.pid()));
  }

  @Test
  void twoSlowTasksRunInParallelOnTwoWorkers() {
    Ray.get(List.of(TasksRemote.pid(), TasksRemote.pid())); // both workers warm
    long start = System.nanoTime();
    ObjectRef<Long> first = TasksRemote.sleepThenPid(1500);
    ObjectRef<Long> second = TasksRemote.sleepThenPid(1500);
    long firstPid = Ray.get(first);
    long secondPid = Ray.get(second);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 2700, "two 1.5 s tasks on 2 CPUs took " + millis + " ms");
    assertNotEquals(firstPid, secondPid);
    assertNotEquals(DRIVER_PID, firstPid);
    assertNotEquals(DRIVER_PID, secondPid);
  }

  @Test
  void refsAndValuesMix() {
    ObjectRef<Long> forty = Ray.put(40L);
    assertEquals(42L, Ray.get(TasksRemote.add(forty, 2L)));
    assertEquals(42L, Ray.get(TasksRemote.add(2L, forty)));
    assertEquals(80L, Ray.get(TasksRemote.add(forty, forty)));
    // A task's result passed on before it is ready: the second task waits for the first.
    ObjectRef<Long> slow = TasksRemote.sleepThenPid(300);
    ObjectRef<Long> chained = TasksRemote.add(slow, 1L);
    assertEquals(Ray.get(slow) + 1, Ray.get(chained));
    ObjectRef<List<String>> parts = Ray.put(List.of("a", "b"));
    assertEquals("a+b", Ray.get(TasksRemote.join(parts, "+")));
  }

  @Test
  void refsInsideValuesStayRefs() {
    List<ObjectRef<Long>> refs = List.of(Ray.put(1L), TasksRemote.add(1L, 1L), Ray.put(3L));
    assertEquals(6L, Ray.get(TasksRemote.sumRefs(refs)));
  }

  @Test
  void largeValuesGoThroughTheStore() {
    byte[] data = Tasks.bytes(64 << 20);
    ObjectRef<byte[]> ref = Ray.put(data);
    assertEquals(Tasks.checksum(data), Ray.get(TasksRemote.checksum(ref)));
    // Passed by value, it is stored on the way rather than sent inside the task.
    assertEquals(Tasks.checksum(data), Ray.get(TasksRemote.checksum(data)));
    assertArrayEquals(data, Ray.get(TasksRemote.bytes(64 << 20)));
  }

  @Test
  void twoThousandTasksInOneBatch() {
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      refs.add(TasksRemote.add(i, i));
    }
    List<Long> values = Ray.get(refs);
    for (int i = 0; i < 2000; i++) {
      assertEquals(2L * i, values.get(i));
    }
  }

  @Test
  void longTasksQueuedBehindShortOnesStillRunSideBySide() {
    Ray.get(List.of(TasksRemote.pid(), TasksRemote.pid())); // both workers warm
    List<ObjectRef<Long>> shortOnes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      shortOnes.add(TasksRemote.sleepThenPid(5));
    }
    ObjectRef<Long> first = TasksRemote.sleepThenPid(1500);
    ObjectRef<Long> second = TasksRemote.sleepThenPid(1500);
    Ray.get(shortOnes);
    // Sent to one worker's queue, the second would wait for the first while the other idles.
    assertNotEquals(Ray.get(first), Ray.get(second));
  }

  @Test
  void tasksQueuedBehindOnesThatWaitInGetRunMeanwhile() throws Exception {
    Path gate = Files.createTempDirectory("jray-gate").resolve("open");
    try {
      ObjectRef<Long> opened = TasksRemote.awaitFile(gate.toString());
      List<ObjectRef<Long>> waiting = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        waiting.add(TasksRemote.sumRefs(List.of(opened)));
      }
      List<ObjectRef<Long>> quick = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        quick.add(TasksRemote.pid());
      }
      // Had they stayed in the queue of a worker whose task waits, they would wait for the gate.
      assertEquals(20, Ray.get(quick, Duration.ofSeconds(60)).size());
      assertTrue(Ray.wait(waiting, 2, Duration.ZERO).ready().isEmpty(), "the gate is shut");
      Files.createFile(gate);
      long pid = Ray.get(opened, Duration.ofSeconds(60));
      for (ObjectRef<Long> ref : waiting) {
        assertEquals(pid, Ray.get(ref, Duration.ofSeconds(60)));
      }
    } finally {
      Files.deleteIfExists(gate);
      Files.deleteIfExists(gate.getParent());
    }
  }

  @Test
  void nestedTasksDoNotDeadlockThePool() {
    // 15 tasks wait in get at once on a pool of 2: the pool must lend out their slots.
    assertEquals(16L, Ray.get(TasksRemote.fanOut(4), Duration.ofSeconds(120)));
  }

  @Test
  void exceptionsKeepTheirClassMessageAndRemoteTrace() {
    TaskFailedException failure =
        assertThrows(TaskFailedException.class, () -> Ray.get(TasksRemote.failWithOrder(7)));
    OrderException cause = assertInstanceOf(OrderException.class, failure.getCause());
    assertEquals("order 7 was rejected", cause.getMessage());
    assertEquals(7, cause.orderId());
    assertTrue(failure.getMessage().contains("io.jray.it.Tasks.failWithOrder"),
        failure.getMessage());
    Set<String> remoteFrames = new HashSet<>();
    Arrays.stream(cause.getStackTrace()).forEach(f -> remoteFrames.add(f.getMethodName()));
    assertTrue(remoteFrames.contains("placeOrder"), Arrays.toString(cause.getStackTrace()));
    assertTrue(remoteFrames.contains("failWithOrder"));
  }

  @Test
  void aFailedTaskFailsTheTasksThatDependOnIt() {
    ObjectRef<Long> failed = TasksRemote.failWithOrder(9);
    TaskFailedException failure =
        assertThrows(TaskFailedException.class, () -> Ray.get(TasksRemote.add(failed, 1L)));
    assertInstanceOf(OrderException.class, failure.getCause());
  }

  @Test
  void getTimesOut() {
    ObjectRef<Long> slow = TasksRemote.sleepThenPid(3000);
    GetTimeoutException timeout = assertThrows(GetTimeoutException.class,
        () -> Ray.get(slow, Duration.ofMillis(200)));
    assertTrue(timeout.getMessage().contains(slow.toString()), timeout.getMessage());
    assertNotEquals(DRIVER_PID, Ray.get(slow, Duration.ofSeconds(30)));
  }

  @Test
  void waitSplitsReadyFromUnready() {
    ObjectRef<Long> fast = TasksRemote.add(1L, 1L);
    Ray.get(fast);
    ObjectRef<Long> slow = TasksRemote.sleepThenPid(2000);
    WaitResult<Long> result = Ray.wait(List.of(slow, fast), 1, Duration.ofSeconds(1));
    assertEquals(List.of(fast), result.ready());
    assertEquals(List.of(slow), result.unready());
    WaitResult<Long> all = Ray.wait(List.of(slow, fast), 2, Duration.ofSeconds(30));
    assertEquals(List.of(slow, fast), all.ready());
    assertTrue(all.unready().isEmpty());
  }

  @Test
  void toFutureCompletesWithTheValueOrTheError() throws Exception {
    CompletableFuture<Long> sum = TasksRemote.add(20L, 22L).toFuture();
    assertEquals(42L, sum.get(30, TimeUnit.SECONDS));
    CompletableFuture<Long> failing = TasksRemote.failWithOrder(3).toFuture();
    ExecutionException error =
        assertThrows(ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
    assertInstanceOf(TaskFailedException.class, error.getCause());
  }

  @Test
  void refsPrintLikeRays() {
    String printed = Ray.put(1).toString();
    assertTrue(printed.matches("ObjectRef\\([0-9a-f]{16}\\)"), printed);
  }
}
