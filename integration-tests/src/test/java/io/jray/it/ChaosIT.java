package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.state.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Ray's chaos test, in small: thousands of tasks, some nested, and an actor with restarts, while
 * a thread SIGKILLs a random worker or actor process every few hundred milliseconds. Every result
 * must be right, none missing, the pool back to size, and nothing left behind.
 */
class ChaosIT {
  private static final int CPUS = 2;
  private static final int SQUARES = 5000;
  private static final int NESTED_JOBS = 5;
  private static final int NESTED_SIZE = 5;
  private static final int ACTOR_CALLS = 500;
  /** Generous: the job takes one to two minutes on 2 cores; a hang fails well before CI's end. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

  @Test
  void everyResultIsRightWhileProcessesAreKilled() throws Exception {
    long started = System.nanoTime();
    Ray.init(RayConfig.builder().numCpus(CPUS).logLevel(RayConfig.LogLevel.valueOf(System.getProperty("chaos.log", "ERROR"))).build());
    AtomicBoolean chaos = new AtomicBoolean(true);
    AtomicInteger kills = new AtomicInteger();
    Thread killer = new Thread(() -> killRandomChildren(chaos, kills), "chaos-killer");
    try {
      Chaos_DoublerRemote doubler =
          Chaos_DoublerRemote.options().maxRestarts(-1).maxTaskRetries(-1).create();
      killer.start();

      // Everything is submitted up front, so the kills land on a pool busy with all three kinds.
      List<List<ObjectRef<Long>>> batches = new ArrayList<>();
      for (int batch = 0; batch < SQUARES; batch += 500) {
        List<ObjectRef<Long>> squares = new ArrayList<>();
        for (long x = batch; x < batch + 500; x++) {
          squares.add(ChaosRemote.square(x));
        }
        batches.add(squares);
      }
      List<ObjectRef<Long>> nested = new ArrayList<>();
      for (int job = 0; job < NESTED_JOBS; job++) {
        nested.add(ChaosRemote.sumOfSquares((long) job * NESTED_SIZE, NESTED_SIZE));
      }
      List<ObjectRef<Long>> actorCalls = new ArrayList<>();
      for (int i = 0; i < ACTOR_CALLS; i++) {
        actorCalls.add(doubler.twice(i));
      }
      for (int b = 0; b < batches.size(); b++) {
        List<Long> values = Ray.get(batches.get(b), JOB_TIMEOUT);
        for (int i = 0; i < values.size(); i++) {
          long x = b * 500L + i;
          assertEquals(x * x, values.get(i));
        }
        System.out.printf("chaos: batch %d done at %.1f s, %d kills%n", b,
            (System.nanoTime() - started) / 1e9, kills.get());
      }
      List<Long> sums = Ray.get(nested, JOB_TIMEOUT);
      System.out.printf("chaos: nested done at %.1f s%n", (System.nanoTime() - started) / 1e9);
      for (int job = 0; job < NESTED_JOBS; job++) {
        long expected = 0;
        for (long x = (long) job * NESTED_SIZE; x < (long) (job + 1) * NESTED_SIZE; x++) {
          expected += x * x;
        }
        assertEquals(expected, sums.get(job), "nested job " + job);
      }
      List<Long> doubled = Ray.get(actorCalls, JOB_TIMEOUT);
      for (int i = 0; i < ACTOR_CALLS; i++) {
        assertEquals(2L * i, doubled.get(i));
      }
      chaos.set(false);
      killer.join();

      // The pool is back to size: one worker per CPU and the actor's process.
      awaitChildren(CPUS + 1);
      assertEquals(42L, Ray.get(doubler.twice(21), Duration.ofMinutes(1)));
      System.out.printf("chaos: %d tasks and %d actor calls, %d processes killed, 0 lost, %.1f s%n",
          SQUARES + NESTED_JOBS * (NESTED_SIZE + 1), ACTOR_CALLS, kills.get(),
          (System.nanoTime() - started) / 1e9);
      assertTrue(kills.get() >= 10, "only " + kills.get() + " kills: the test proved little");
    } finally {
      chaos.set(false);
      killer.join();
      Ray.shutdown();
    }
    assertEquals(0, ProcessHandle.current().children().count());
    assertEquals(Set.of(), FaultsIT.sessionFoldersOf(ProcessHandle.current().pid()));
  }

  /**
   * Every 300 to 500 ms, SIGKILLs a random worker or actor process that is up: one still starting
   * has nothing to lose yet, and a JVM takes longer to start than the interval.
   */
  private static void killRandomChildren(AtomicBoolean chaos, AtomicInteger kills) {
    Random random = new Random(42);
    while (chaos.get()) {
      try {
        Thread.sleep(300 + random.nextInt(201));
      } catch (InterruptedException e) {
        return;
      }
      List<ProcessInfo> up = Ray.state().processes().stream()
          .filter(p -> p.role() != ProcessInfo.Role.DRIVER)
          .filter(p -> UP.contains(p.state()))
          .toList();
      if (!up.isEmpty() && chaos.get()) {
        ProcessHandle.of(up.get(random.nextInt(up.size())).pid())
            .ifPresent(ProcessHandle::destroyForcibly);
        kills.incrementAndGet();
      }
    }
  }

  private static final Set<ProcessInfo.State> UP = Set.of(ProcessInfo.State.IDLE,
      ProcessInfo.State.BUSY, ProcessInfo.State.BLOCKED, ProcessInfo.State.ALIVE);

  private static void awaitChildren(long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ProcessHandle.current().children().count() != count) {
      assertTrue(System.nanoTime() < deadline, "children: "
          + ProcessHandle.current().children().count() + ", expected " + count);
      Thread.sleep(50);
    }
  }
}
