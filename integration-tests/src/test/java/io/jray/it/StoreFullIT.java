package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskFailedException;
import io.jray.internal.store.StoreFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store with no room for a task's error: the task still ends, with what can be said of its
 * error, and its worker goes on with the tasks queued behind it (they used to wait forever).
 */
class StoreFullIT {
  private static final int MIB = 1 << 20;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @BeforeEach
  void start() {
    // One worker: the task after the failing one runs only if that worker still serves.
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false)
        .storeCapacityBytes(8L * MIB).build());
  }

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void anErrorTooLargeForTheStoreEndsTheTaskWithAShortOne() {
    ObjectRef<Long> failing = EndsRemote.throwHuge(16 * MIB);
    ObjectRef<Long> next = TasksRemote.add(1, 2);
    TaskFailedException e =
        assertThrows(TaskFailedException.class, () -> Ray.get(failing, DEADLINE));
    assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
    assertTrue(e.getMessage().contains("could not be stored"), e.getMessage());
    assertEquals(3L, Ray.get(next, DEADLINE));
  }

  @Test
  void aStoreWithNoRoomEvenForAShortErrorFailsTheRefInTheDriver() {
    List<ObjectRef<byte[]>> filling = fill();
    ObjectRef<Long> failing = EndsRemote.throwHuge(1000);
    ObjectRef<Long> dependent = EndsRemote.plusOne(failing);
    TaskFailedException e =
        assertThrows(TaskFailedException.class, () -> Ray.get(failing, DEADLINE));
    assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
    // A task given the failed ref fails with the same error, without running.
    TaskFailedException again =
        assertThrows(TaskFailedException.class, () -> Ray.get(dependent, DEADLINE));
    assertTrue(again.getMessage().contains("IllegalStateException"), again.getMessage());
    filling.clear();
    awaitRoom();
    assertEquals(3L, Ray.get(TasksRemote.add(1, 2), DEADLINE));
  }

  /** Dropped refs free their objects once the collector finds them: a put asks it to look. */
  private static void awaitRoom() {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      try {
        Ray.put(new byte[64 * 1024]);
        return;
      } catch (StoreFullException full) {
        if (System.nanoTime() > deadline) {
          throw full;
        }
      }
    }
  }

  /**
   * Puts small objects (they are never spilled) until not even a few bytes fit; they stay held.
   */
  private static List<ObjectRef<byte[]>> fill() {
    List<ObjectRef<byte[]>> held = new ArrayList<>();
    for (int size : new int[] {32 * 1024, 1024, 1}) {
      try {
        while (true) {
          held.add(Ray.put(new byte[size]));
        }
      } catch (StoreFullException full) {
        // On to smaller objects.
      }
    }
    return held;
  }
}
