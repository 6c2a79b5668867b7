package io.jray.benchmarks;

import io.jray.Ray;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One cold start in a fresh JVM: {@code Ray.init} to the first task's result. Prints
 * {@code RESULT cold <init to result s> <process start to result s>}, then shuts down (not timed).
 * With {@code --bare} it only prints {@code RESULT bare}: the baseline, a JVM that starts and does
 * nothing. With {@code --cpu} it also prints each thread group's CPU time until the first result
 * (as {@link FirstCallsCpu} does). With {@code --calls N} it then makes sync no-op calls up to N
 * in all and prints {@code RESULT calls <N> <init to the Nth result s>}: a short job's whole
 * time, which a change that makes {@code Ray.init} return sooner but leaves more of the start-up
 * work to the first calls cannot flatter.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--bare")) {
      System.out.println("RESULT bare");
      return;
    }
    boolean cpu = args.length > 0 && args[0].equals("--cpu");
    int calls = args.length > 1 && args[0].equals("--calls") ? Integer.parseInt(args[1]) : 0;
    long start = System.nanoTime();
    Ray.init(RayState.config());
    try {
      long initEnd = System.nanoTime();
      int result = Ray.get(NoopsRemote.noop());
      double initToResult = (System.nanoTime() - start) / 1e9;
      if (cpu) {
        System.out.printf("init %.0f ms, first call %.0f ms%n", (initEnd - start) / 1e6,
            (System.nanoTime() - initEnd) / 1e6);
        Map<String, Long> used = FirstCallsCpu.threadMillis();
        used.entrySet().stream().filter(e -> e.getValue() > 0)
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .forEach(e -> System.out.printf("%7d ms CPU  %s%n", e.getValue(), e.getKey()));
        System.out.printf("%7d ms CPU  all%n",
            used.values().stream().mapToLong(Long::longValue).sum());
      }
      Instant processStart = ProcessHandle.current().info().startInstant().orElseThrow();
      double processToResult = Duration.between(processStart, Instant.now()).toNanos() / 1e9;
      System.out.printf("RESULT cold %.6f %.6f %d%n", initToResult, processToResult, result);
      if (calls > 1) {
        for (int i = 1; i < calls; i++) {
          Ray.get(NoopsRemote.noop());
        }
        System.out.printf("RESULT calls %d %.6f%n", calls, (System.nanoTime() - start) / 1e9);
      }
      System.out.flush();
    } finally {
      Ray.shutdown();
    }
  }
}
