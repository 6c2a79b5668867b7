package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed workload in its own JVM, too slow for JMH: the sum of squares, one call per core, each
 * about {@code seconds} long, first one after another in this thread, then as remote tasks on every
 * core at once. After a warm-up, prints one line {@code RESULT seed <local s> <remote s>} per
 * trial. Usage: {@code SeedWorkload <trials> <seconds per call>}.
 */
public final class SeedWorkload {
  private static final int PROBE = 20_000_000;

  private SeedWorkload() {}

  public static void main(String[] args) {
    int trials = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    int cores = Runtime.getRuntime().availableProcessors();
    Ray.init(RayState.config());
    try {
      int n = rangeFor(seconds);
      for (int round = 0; round < 3; round++) { // the workers' JIT gets the head start ours had
        runRemote(cores, PROBE);
      }
      for (int trial = 0; trial < trials; trial++) {
        long start = System.nanoTime();
        for (int i = 0; i < cores; i++) {
          Noops.sumSquares(1, n);
        }
        double local = secondsSince(start);
        start = System.nanoTime();
        runRemote(cores, n);
        double remote = secondsSince(start);
        System.out.printf("RESULT seed %.6f %.6f%n", local, remote);
        System.out.flush();
      }
    } finally {
      Ray.shutdown();
    }
  }

  private static void runRemote(int cores, int n) {
    List<ObjectRef<Double>> refs = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      refs.add(NoopsRemote.sumSquares(1, n));
    }
    Ray.get(refs);
  }

  /** The range whose local call takes about {@code seconds} here (fastest of several probes). */
  private static int rangeFor(double seconds) {
    double fastest = Double.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      long start = System.nanoTime();
      Noops.sumSquares(1, PROBE);
      fastest = Math.min(fastest, secondsSince(start));
    }
    double n = PROBE * seconds / Math.max(fastest, 1e-6);
    return (int) Math.min(Integer.MAX_VALUE - 1L, Math.round(n));
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
