package io.jray.benchmarks;

import io.jray.Ray;
import java.time.Duration;
import java.time.Instant;

/**
 * One cold start in a fresh JVM: {@code Ray.init} to the first task's result. Prints
 * {@code RESULT cold <init to result s> <process start to result s>}, then shuts down (not timed).
 * With {@code --bare} it only prints {@code RESULT bare}: the baseline, a JVM that starts and does
 * nothing.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--bare")) {
      System.out.println("RESULT bare");
      return;
    }
    long start = System.nanoTime();
    Ray.init(RayState.config());
    try {
      int result = Ray.get(NoopsRemote.noop());
      double initToResult = (System.nanoTime() - start) / 1e9;
      Instant processStart = ProcessHandle.current().info().startInstant().orElseThrow();
      double processToResult = Duration.between(processStart, Instant.now()).toNanos() / 1e9;
      System.out.printf("RESULT cold %.6f %.6f %d%n", initToResult, processToResult, result);
      System.out.flush();
    } finally {
      Ray.shutdown();
    }
  }
}
