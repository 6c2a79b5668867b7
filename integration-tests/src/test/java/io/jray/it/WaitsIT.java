package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.GetTimeoutException;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.TaskFailedException;
import io.jray.it.Tasks.OrderException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waits that must end, rather than hang as they did (see each test). */
class WaitsIT {
  /** Long enough for a loaded machine; far shorter than the hangs these tests catch. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void aTaskThatWaitsOnItsChildsFutureLendsItsOnlyCpu() {
    Ray.init(RayConfig.builder().numCpus(1).build());
    for (String how : List.of("join", "get", "getWithTimeout", "joinDerived")) {
      assertEquals(42L, Ray.get(WaitsRemote.awaitChildFuture(21L, how), PATIENCE), how);
    }
  }

  /**
   * The parent waits in Thread.join, its thread in Ray.get or Ray.wait: the worker must give back
   * the slot and also the tasks queued behind the parent, where its child may wait.
   */
  @Test
  void aTaskWhoseOwnThreadWaitsInGetLendsItsOnlyCpu() {
    Ray.init(RayConfig.builder().numCpus(1).build());
    for (String how : List.of("get", "wait")) {
      assertEquals(42L, Ray.get(WaitsRemote.getChildInOwnThread(21L, how), PATIENCE), how);
    }
  }

  @Test
  void getOfAListFailsAsSoonAsOneHasFailed() {
    Ray.init(RayConfig.builder().numCpus(2).build());
    ObjectRef<Long> slow = TasksRemote.sleepThenPid(60_000);
    ObjectRef<Long> failing = TasksRemote.failWithOrder(5);
    TaskFailedException failure = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(TaskFailedException.class, () -> Ray.get(List.of(slow, failing))));
    assertInstanceOf(OrderException.class, failure.getCause());
    // A timeout still bounds a get that nothing has failed.
    ObjectRef<Long> slower = TasksRemote.sleepThenPid(60_000);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
        GetTimeoutException.class, () -> Ray.get(List.of(slow, slower), Duration.ofMillis(300))));
  }

  @Test
  void waitsInOtherThreadsEndWhenJrayShutsDown() throws Exception {
    Ray.init(RayConfig.builder().numCpus(1).build());
    ObjectRef<Long> slow = TasksRemote.sleepThenPid(60_000);
    CompletableFuture<Long> future = slow.toFuture();
    CompletableFuture<Object> got = new CompletableFuture<>();
    Thread getter = new Thread(() -> {
      try {
        got.complete(Ray.get(slow));
      } catch (RuntimeException e) {
        got.completeExceptionally(e);
      }
    }, "getter");
    getter.start();
    awaitParked(getter);

    Ray.shutdown();
    ExecutionException fromGet =
        assertThrows(ExecutionException.class, () -> got.get(20, TimeUnit.SECONDS));
    RayException error = assertInstanceOf(RayException.class, fromGet.getCause());
    assertTrue(error.getMessage().contains("shut down"), error.getMessage());
    ExecutionException fromFuture =
        assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
    assertInstanceOf(RayException.class, fromFuture.getCause());
    assertTrue(fromFuture.getCause().getMessage().contains("shut down"),
        fromFuture.getCause().getMessage());
  }

  @Test
  void aRefFromAnEarlierSessionFailsAtOnce() {
    Ray.init(RayConfig.builder().numCpus(1).build());
    ObjectRef<Integer> put = Ray.put(7);
    ObjectRef<Long> computed = TasksRemote.add(1L, 2L);
    assertEquals(3L, Ray.get(computed, PATIENCE));
    Ray.shutdown();
    Ray.init(RayConfig.builder().numCpus(1).build());
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      RayException error = assertThrows(RayException.class, () -> Ray.get(put));
      assertTrue(error.getMessage().contains("earlier Ray.init()"), error.getMessage());
      assertThrows(RayException.class, () -> Ray.get(List.of(computed)));
      assertThrows(RayException.class, () -> Ray.wait(List.of(computed), 1));
      assertThrows(RayException.class, computed::toFuture);
      assertThrows(RayException.class, () -> TasksRemote.add(computed, 1L));
    });
    assertEquals(3L, Ray.get(TasksRemote.add(1L, 2L), PATIENCE), "the new session works");
  }

  /**
   * Waits, with a deadline, until the thread is blocked in its get: parked, or waiting on the
   * socket that its call's reply comes on (a get of a call's result reads the reply itself).
   */
  private static void awaitParked(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (thread.getState() != Thread.State.WAITING && !waitsInASelector(thread)) {
      assertTrue(System.nanoTime() < deadline, "never blocked: " + thread.getState() + " "
          + Arrays.toString(thread.getStackTrace()));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static boolean waitsInASelector(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(frame -> frame.getClassName().endsWith("SelectorImpl")
            && frame.getMethodName().equals("doSelect"));
  }
}
