package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.state.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Objects that nothing refers to any more are freed: counted here by the large-object files in
 * the session's store folder, one per object of 1 MiB.
 */
class RefCountingIT {
  private static final int MIB = 1 << 20;

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void droppedPutsAndResultsAreFreed() {
    long before = largeObjects();
    List<ObjectRef<byte[]>> refs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      refs.add(Ray.put(new byte[MIB]));
      refs.add(TasksRemote.bytes(MIB));
    }
    Ray.get(refs);
    assertEquals(before + 40, largeObjects());
    refs = null;
    awaitCount(() -> largeObjects(), before);
  }

  @Test
  void objectsReferredToByALiveObjectStayAlive() {
    long before = largeObjects();
    ObjectRef<byte[]> inner = Ray.put(Tasks.bytes(MIB));
    ObjectRef<List<ObjectRef<byte[]>>> outer = Ray.put(List.of(inner));
    inner = null;
    gc();
    List<ObjectRef<byte[]>> unpacked = Ray.get(outer);
    assertArrayEquals(Tasks.bytes(MIB), Ray.get(unpacked.get(0)));
    assertEquals(Tasks.checksum(Tasks.bytes(MIB)),
        Ray.get(TasksRemote.sumRefs(List.of(TasksRemote.checksum(unpacked.get(0))))));
    unpacked = null;
    outer = null;
    awaitCount(() -> largeObjects(), before);
  }

  @Test
  void aResultNobodyHoldsIsFreedWhenItArrives() {
    long before = largeObjects();
    TasksRemote.bytes(MIB); // fire and forget
    ObjectRef<Long> after = TasksRemote.add(1L, 1L);
    Ray.get(after);
    // The other worker may still be making the result: until it has, the count proves nothing.
    awaitCount(RefCountingIT::unfinishedTasks, 0);
    awaitCount(() -> largeObjects(), before);
  }

  @Test
  void anArgumentLivesUntilItsTaskIsDone() {
    long before = largeObjects();
    ObjectRef<Long> slow = TasksRemote.sleepThenPid(500);
    ObjectRef<Long> sum = TasksRemote.checksum(Ray.put(Tasks.bytes(MIB)));
    ObjectRef<Long> chained = TasksRemote.add(slow, sum);
    slow = null;
    sum = null;
    gc();
    Ray.get(chained, Duration.ofSeconds(30));
    // Freed as the others are, so that no test starts with another's objects still going.
    awaitCount(() -> largeObjects(), before);
  }

  static void awaitCount(LongSupplier count, long expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count.getAsLong() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + " objects, found " + count.getAsLong());
      }
      gc();
    }
  }

  static long unfinishedTasks() {
    Map<TaskState, Long> tasks = Ray.state().summary().tasks();
    return tasks.getOrDefault(TaskState.PENDING, 0L) + tasks.getOrDefault(TaskState.RUNNING, 0L);
  }

  private static void gc() {
    System.gc();
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Large objects in this driver's session: the object files in its store's objects folder (not
   * the files of freed objects that the store keeps for reuse, named free-*).
   */
  static long largeObjects() {
    try (Stream<Path> sessions = Files.list(Paths.get("/dev/shm"))) {
      Path session = sessions
          .filter(p -> p.getFileName().toString()
              .startsWith("jray-" + ProcessHandle.current().pid() + "-"))
          .findFirst().orElseThrow();
      try (Stream<Path> files = Files.walk(session)) {
        return files.filter(p -> p.getParent().getFileName().toString().equals("objects"))
            .filter(p -> !p.getFileName().toString().startsWith("free-"))
            .count();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
