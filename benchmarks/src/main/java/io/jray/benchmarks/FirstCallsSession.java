package io.jray.benchmarks;

import io.jray.Ray;
import java.io.IOException;
import java.util.Locale;

/**
 * One round of {@link FirstCalls}, in a fresh driver JVM. In this order:
 *
 * <ol>
 *   <li>the floor's first round trips: an echo JVM ({@link UdsEcho}) started and connected, then
 *       its first N 64-byte round trips over the Unix domain socket, before {@code Ray.init};
 *   <li>{@code Ray.init} (2 CPUs, dashboard off; it returns once the task workers are up), then
 *       the session's first N calls of each kind, in {@link CallKind}'s order: sync tasks, async
 *       tasks; then a {@link Counter} is created and called once (create to first result, timed
 *       apart: the actor host's start), then N sync and N async actor calls;
 *   <li>the same mix, N of each kind in turn, for S seconds; then N of each kind, timed: warm;
 *   <li>round trips for S seconds with Ray up and idle, then N timed: the floor's warm figure.
 * </ol>
 *
 * <p>Prints {@code RESULT <key> <value>} lines for its owner: {@code first.<kind>} and
 * {@code warm.<kind>} (calls per second; kinds are {@link CallKind#id} and {@code uds}),
 * {@code actorStart} (ms), {@code warmCalls} (calls made in the warm-up) and {@code left}
 * (processes that outlived {@code Ray.shutdown} by 30 s, ended here by pid).
 *
 * <p>Arguments: {@code N S}.
 */
public final class FirstCallsSession {
  private FirstCallsSession() {}

  /**
   * Runs one round and prints its {@code RESULT} lines.
   *
   * @param args the calls per figure, N, and the warm-up in seconds, S
   * @throws IOException if the echo JVM fails to start or hangs up
   * @throws InterruptedException if interrupted while the echo JVM or Ray's processes exit
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int n = Integer.parseInt(args[0]);
    long warmNanos = (long) (Double.parseDouble(args[1]) * 1e9);
    UdsBenchmarks.Echo echo = new UdsBenchmarks.Echo();
    echo.start();
    try {
      result("first.uds", udsRate(echo, n));
      Ray.init(RayState.builder().numCpus(2).includeDashboard(false).build());
      try {
        calls(n, warmNanos);
        long deadline = System.nanoTime() + warmNanos;
        while (System.nanoTime() < deadline) {
          udsRate(echo, n);
        }
        result("warm.uds", udsRate(echo, n));
      } finally {
        Ray.shutdown();
      }
    } finally {
      echo.stop();
    }
    result("left", FleetSession.endLeftovers());
  }

  /** The session's first N calls of each kind, the warm-up, and N of each kind again. */
  private static void calls(int n, long warmNanos) {
    result("first." + CallKind.SYNC_TASKS.id, CallKind.SYNC_TASKS.rate(null, n));
    result("first." + CallKind.ASYNC_TASKS.id, CallKind.ASYNC_TASKS.rate(null, n));
    long start = System.nanoTime();
    CounterRemote counter = CounterRemote.create();
    Ray.get(counter.increment());
    result("actorStart", (System.nanoTime() - start) / 1e6);
    result("first." + CallKind.SYNC_ACTOR.id, CallKind.SYNC_ACTOR.rate(counter, n));
    result("first." + CallKind.ASYNC_ACTOR.id, CallKind.ASYNC_ACTOR.rate(counter, n));
    long calls = 0;
    long deadline = System.nanoTime() + warmNanos;
    while (System.nanoTime() < deadline) {
      for (CallKind kind : CallKind.values()) {
        kind.run(counter, n);
        calls += n;
      }
    }
    result("warmCalls", calls);
    for (CallKind kind : CallKind.values()) {
      result("warm." + kind.id, kind.rate(counter, n));
    }
    Ray.kill(counter);
  }

  /** Round trips per second over {@code n} of them, with the JMH floor's own code. */
  private static double udsRate(UdsBenchmarks.Echo echo, int n) throws IOException {
    UdsBenchmarks floor = new UdsBenchmarks();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      floor.udsRoundTrip(echo);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static void result(String key, double value) {
    System.out.printf(Locale.ROOT, "RESULT %s %.3f%n", key, value);
    System.out.flush();
  }
}
