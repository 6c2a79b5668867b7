package io.jray.benchmarks;

import io.jray.Ray;
import java.util.Locale;

/**
 * The first calls of a fresh session in an order of one's choosing, to see what one kind leaves
 * to the next (JIT warm-up, a driver still reading the last burst's replies): {@code s} is
 * 10,000 sync tasks, {@code a} 10,000 async tasks (all submitted, then one {@code Ray.get} of
 * the list). Prints each in turn, in calls per second. A {@code /} ends the session and starts
 * a fresh one in the same JVM: its driver's code is warm and its workers are new processes, to
 * tell the driver's warm-up from the workers' ({@code sssss/ss}). Run in a fresh JVM:
 * {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.TaskOrder asa}.
 */
public final class TaskOrder {
  private TaskOrder() {}

  /**
   * Runs the kinds in the order given.
   *
   * @param args one word of {@code s} and {@code a}, sessions apart by {@code /}
   */
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].matches("[sa]+(/[sa]+)*")) {
      throw new IllegalArgumentException("Give the order as one word of s (10,000 sync tasks)"
          + " and a (10,000 async tasks), say asa, with / between sessions, say sss/s");
    }
    String[] sessions = args[0].split("/");
    for (int i = 0; i < sessions.length; i++) {
      if (sessions.length > 1) {
        System.out.printf(Locale.ROOT, "session %d%s%n", i + 1,
            i == 0 ? ", a fresh JVM" : ", the same driver JVM, new workers");
      }
      run(sessions[i]);
    }
  }

  private static void run(String order) {
    Ray.init(RayState.builder().numCpus(2).includeDashboard(false).build());
    try {
      for (char kind : order.toCharArray()) {
        CallKind calls = kind == 's' ? CallKind.SYNC_TASKS : CallKind.ASYNC_TASKS;
        System.out.printf(Locale.ROOT, "%s: %,.0f calls/s%n", calls.label,
            calls.rate(null, FirstCalls.N));
      }
    } finally {
      Ray.shutdown();
    }
  }
}
