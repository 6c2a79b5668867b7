package io.jray.samples;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Ray's quick start, in Java: the same function run locally once per core, then as remote tasks
 * on every core, the speedup, and a value put in the store and summed by a task. With
 * {@code --stay} it keeps the session (and its dashboard) up until Ctrl+C.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws InterruptedException {
    boolean stay = List.of(args).contains("--stay") || List.of(args).contains("-stay");
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println("Number of cores: " + cores);
    Ray.init(RayConfig.builder()
        .numCpus(cores)
        .ignoreReinitError(true)
        .logLevel(RayConfig.LogLevel.ERROR)
        .build());
    String dashboard = Ray.state().dashboardUrl().orElse("off");
    System.out.println("Dashboard: " + dashboard);
    try {
      System.out.println("Driver pid: " + ProcessHandle.current().pid());
      List<ObjectRef<Long>> places = new ArrayList<>();
      for (int i = 0; i < cores; i++) {
        places.add(SquaresRemote.whereAmI());
      }
      System.out.println("Tasks ran in pids " + new java.util.TreeSet<>(Ray.get(places))
          + "; their own lines come prefixed (pid=N):");
      int n = rangeForOneSecond();
      warmUpWorkers(cores);

      long start = System.nanoTime();
      for (int i = 0; i < cores; i++) {
        Squares.sumSquares(1, n);
      }
      double localSeconds = secondsSince(start);
      System.out.printf("Local execution time: %.3f s (%d calls of sumSquares(1, %,d))%n",
          localSeconds, cores, n);

      start = System.nanoTime();
      List<ObjectRef<Double>> refs = new ArrayList<>();
      for (int i = 0; i < cores; i++) {
        refs.add(SquaresRemote.sumSquares(1, n));
      }
      List<Double> results = Ray.get(refs);
      double remoteSeconds = secondsSince(start);
      System.out.printf("Remote execution time: %.3f s (%d tasks, result %.6e)%n",
          remoteSeconds, cores, results.get(0));
      System.out.printf("Speedup: %.2fx%n", localSeconds / remoteSeconds);

      ObjectRef<Double> ref = SquaresRemote.sumSquares(1, 10);
      System.out.println("A task returns at once with a ref: " + ref);
      System.out.println("Its value: " + Ray.get(ref));

      ObjectRef<List<Integer>> xs = Ray.put(List.of(23, 42, 93));
      System.out.println("Ray.put([23, 42, 93]) gave " + xs);
      System.out.println("total(xs) = " + Ray.get(SquaresRemote.total(xs)));

      GoalsScoredRemote goals = GoalsScoredRemote.create();
      System.out.println("An actor: " + goals);
      ObjectRef<Integer> scored = goals.score();
      System.out.println("goals.score() gave " + scored);
      System.out.println("Goals scored: " + Ray.get(scored) + ", then " + Ray.get(goals.score()));
      Ray.kill(goals);
      if (stay) {
        System.out.println("Staying up: look at the dashboard at " + dashboard
            + "; press Ctrl+C to stop.");
        Thread.currentThread().join(); // Ctrl+C ends the JVM; jray's shutdown hook cleans up
      }
    } finally {
      Ray.shutdown();
    }
  }

  private static final int PROBE = 50_000_000;

  /** Picks the range so that one local call takes about a second on this machine. */
  private static int rangeForOneSecond() {
    double fastest = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) { // the first runs also let the JIT compile the loop
      long start = System.nanoTime();
      Squares.sumSquares(1, PROBE);
      fastest = Math.min(fastest, secondsSince(start));
    }
    return (int) Math.min(Integer.MAX_VALUE - 1L, Math.round(PROBE / Math.max(fastest, 1e-4)));
  }

  /** Gives each worker's JIT the same head start the local loop had. */
  private static void warmUpWorkers(int cores) {
    for (int round = 0; round < 3; round++) {
      List<ObjectRef<Double>> refs = new ArrayList<>();
      for (int i = 0; i < cores; i++) {
        refs.add(SquaresRemote.sumSquares(1, PROBE));
      }
      Ray.get(refs);
    }
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
