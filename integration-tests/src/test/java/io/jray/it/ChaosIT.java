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
 * Ray's chaos test, in small: rounds of plain tasks, nested jobs and actor calls, while a thread
 * SIGKILLs a random worker or actor process every few hundred milliseconds. Every result must be
 * right, none missing, the pool back to size, and nothing left behind.
 *
 * <p>The killer never outpaces restarts: it waits while two processes are starting, or while the
 * last one it killed is still up. Killing faster than JVMs start would only measure how slowly
 * they start (1 to 6 s under load), and a pool that is always starting cannot finish a nested
 * job whatever the runtime does. On a slow machine the kills come less often, and the test runs
 * more rounds until it has made enough of them.
 */
class ChaosIT {
  private static final int CPUS = 2;
  private static final int SQUARES_PER_ROUND = 1000;
  private static final int NESTED_JOBS_PER_ROUND = 2;
  private static final int NESTED_SIZE = 5;
  private static final int ACTOR_CALLS_PER_ROUND = 50;
  private static final int MIN_ROUNDS = 3;
  private static final int MIN_KILLS = 15;
  /** Kills that cannot be made this fast mean the pool does not recover: a failure. */
  private static final Duration KILLS_TIMEOUT = Duration.ofMinutes(4);
  /** A round takes seconds; a hang fails well before CI's end. */
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

  @Test
  void everyResultIsRightWhileProcessesAreKilled() throws Exception {
    long started = System.nanoTime();
    Ray.init(RayConfig.builder().numCpus(CPUS)
        .logLevel(RayConfig.LogLevel.valueOf(System.getProperty("chaos.log", "ERROR"))).build());
    AtomicBoolean chaos = new AtomicBoolean(true);
    AtomicInteger kills = new AtomicInteger();
    Thread killer = new Thread(() -> killRandomChildren(chaos, kills), "chaos-killer");
    try {
      Chaos_DoublerRemote doubler =
          Chaos_DoublerRemote.options().maxRestarts(-1).maxTaskRetries(-1).create();
      killer.start();
      int rounds = 0;
      long deadline = started + KILLS_TIMEOUT.toNanos();
      while (rounds < MIN_ROUNDS || kills.get() < MIN_KILLS) {
        assertTrue(System.nanoTime() < deadline,
            "only " + kills.get() + " kills in " + KILLS_TIMEOUT + ": the pool did not recover");
        runRound(rounds++, doubler);
        System.out.printf("chaos: round %d done at %.1f s, %d kills%n", rounds,
            (System.nanoTime() - started) / 1e9, kills.get());
      }
      chaos.set(false);
      killer.join();

      // The pool is back to size: one worker per CPU and the actor's process.
      awaitChildren(CPUS + 1);
      assertEquals(42L, Ray.get(doubler.twice(21), Duration.ofMinutes(1)));
      System.out.printf("chaos: %d rounds of %d tasks and %d actor calls, %d processes killed,"
          + " 0 lost, %.1f s%n", rounds,
          SQUARES_PER_ROUND + NESTED_JOBS_PER_ROUND * (NESTED_SIZE + 1), ACTOR_CALLS_PER_ROUND,
          kills.get(), (System.nanoTime() - started) / 1e9);
    } finally {
      chaos.set(false);
      killer.join();
      Ray.shutdown();
    }
    assertEquals(0, ProcessHandle.current().children().count());
    assertEquals(Set.of(), FaultsIT.sessionFoldersOf(ProcessHandle.current().pid()));
  }

  /**
   * Submits every kind of work up front, so that the kills land on a pool busy with all three,
   * then checks each result.
   */
  private static void runRound(int round, Chaos_DoublerRemote doubler) {
    long firstSquare = (long) round * SQUARES_PER_ROUND;
    List<ObjectRef<Long>> squares = new ArrayList<>();
    for (long x = firstSquare; x < firstSquare + SQUARES_PER_ROUND; x++) {
      squares.add(ChaosRemote.square(x));
    }
    long firstNested = (long) round * NESTED_JOBS_PER_ROUND * NESTED_SIZE;
    List<ObjectRef<Long>> nested = new ArrayList<>();
    for (int job = 0; job < NESTED_JOBS_PER_ROUND; job++) {
      nested.add(ChaosRemote.sumOfSquares(firstNested + (long) job * NESTED_SIZE, NESTED_SIZE));
    }
    long firstCall = (long) round * ACTOR_CALLS_PER_ROUND;
    List<ObjectRef<Long>> actorCalls = new ArrayList<>();
    for (long i = firstCall; i < firstCall + ACTOR_CALLS_PER_ROUND; i++) {
      actorCalls.add(doubler.twice(i));
    }

    List<Long> values = Ray.get(squares, ROUND_TIMEOUT);
    for (int i = 0; i < SQUARES_PER_ROUND; i++) {
      long x = firstSquare + i;
      assertEquals(x * x, values.get(i), "square of " + x);
    }
    List<Long> sums = Ray.get(nested, ROUND_TIMEOUT);
    for (int job = 0; job < NESTED_JOBS_PER_ROUND; job++) {
      long from = firstNested + (long) job * NESTED_SIZE;
      long expected = 0;
      for (long x = from; x < from + NESTED_SIZE; x++) {
        expected += x * x;
      }
      assertEquals(expected, sums.get(job), "nested job from " + from);
    }
    List<Long> doubled = Ray.get(actorCalls, ROUND_TIMEOUT);
    for (int i = 0; i < ACTOR_CALLS_PER_ROUND; i++) {
      assertEquals(2 * (firstCall + i), doubled.get(i), "actor call " + (firstCall + i));
    }
  }

  /**
   * Every 300 to 500 ms, SIGKILLs a random worker or actor process that is up (one still starting
   * has nothing to lose yet), unless the pool is still recovering from earlier kills.
   */
  private static void killRandomChildren(AtomicBoolean chaos, AtomicInteger kills) {
    Random random = new Random(42);
    long lastVictim = 0;
    while (chaos.get()) {
      try {
        Thread.sleep(300 + random.nextInt(201));
      } catch (InterruptedException e) {
        return;
      }
      List<ProcessInfo> children = Ray.state().processes().stream()
          .filter(p -> p.role() != ProcessInfo.Role.DRIVER)
          .toList();
      long previous = lastVictim;
      long starting = children.stream()
          .filter(p -> p.state() == ProcessInfo.State.STARTING).count();
      boolean previousUp = children.stream()
          .anyMatch(p -> p.pid() == previous && UP.contains(p.state()));
      boolean recovering = starting > 1 || previousUp;
      List<ProcessInfo> up = children.stream().filter(p -> UP.contains(p.state())).toList();
      if (!recovering && !up.isEmpty() && chaos.get()) {
        lastVictim = up.get(random.nextInt(up.size())).pid();
        ProcessHandle.of(lastVictim).ifPresent(ProcessHandle::destroyForcibly);
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
