package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures the core and actor issues ask for, as plain timings: 10,000 no-op tasks and 10,000
 * actor calls, one at a time (sync) and all at once (async), three runs each, medians; and the
 * time from an actor's create to its first result. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.jray.benchmarks.CallRates} (jray flags
 * as in the README).
 */
public final class CallRates {
  static final int N = 10_000;

  private CallRates() {}

  public static void main(String[] args) {
    Ray.init(RayConfig.builder().numCpus(2).includeDashboard(false)
        .logLevel(RayConfig.LogLevel.ERROR).build());
    try {
      warmUp();
      double[] sync = new double[3];
      double[] async = new double[3];
      double[] actorSync = new double[3];
      double[] actorAsync = new double[3];
      CounterRemote counter = CounterRemote.create();
      Ray.get(counter.increment());
      for (int r = 0; r < 3; r++) {
        sync[r] = CallKind.SYNC_TASKS.rate(counter, N);
        async[r] = CallKind.ASYNC_TASKS.rate(counter, N);
        actorSync[r] = CallKind.SYNC_ACTOR.rate(counter, N);
        actorAsync[r] = CallKind.ASYNC_ACTOR.rate(counter, N);
      }
      print("10,000 no-op tasks, sync", sync);
      print("10,000 no-op tasks, async", async);
      print("10,000 actor calls, sync", actorSync);
      print("10,000 actor calls, async", actorAsync);
      Ray.kill(counter);
      double[] start = new double[5];
      for (int i = 0; i < start.length; i++) {
        long t = System.nanoTime();
        CounterRemote c = CounterRemote.create();
        Ray.get(c.increment());
        start[i] = (System.nanoTime() - t) / 1e9;
        Ray.kill(c);
      }
      Arrays.sort(start);
      System.out.printf("actor create to first result: median %.3f s (min %.3f, max %.3f, n=5)%n",
          start[2], start[0], start[4]);
    } finally {
      Ray.shutdown();
    }
  }

  private static void warmUp() {
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      refs.add(NoopsRemote.noop());
    }
    Ray.get(refs);
  }

  private static void print(String what, double[] perSecond) {
    double[] sorted = perSecond.clone();
    Arrays.sort(sorted);
    System.out.printf("%s: median %,.0f/s (runs %,.0f %,.0f %,.0f)%n", what, sorted[1],
        perSecond[0], perSecond[1], perSecond[2]);
  }
}
