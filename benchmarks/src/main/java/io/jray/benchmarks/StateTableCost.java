package io.jray.benchmarks;

import io.jray.RayConfig;
import io.jray.internal.dashboard.StateRecorder;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the driver's state table costs a task, alone: the four events each call records on its
 * way (submitted, started, ran, finished), in one thread, with the table as full as a long
 * session leaves it (the default 100,000 finished tasks kept). Beside it, the floor: the same
 * loop that only counts. {@code java -cp benchmarks.jar io.jray.benchmarks.StateTableCost
 * [ROUNDS]} prints each round's nanoseconds per task (1,000,000 tasks a round, ids as a session
 * makes them), then the median of the rounds after the first three (warm) and the first's.
 */
public final class StateTableCost {
  private static final int TASKS = 1_000_000;

  private StateTableCost() {}

  /**
   * Runs the rounds and prints the figures.
   *
   * @param args the number of rounds, 10 if none
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    StateRecorder recorder = StateRecorder.forDriver(RayConfig.DEFAULT_MAX_FINISHED_TASKS);
    long worker = 4242;
    recorder.workerStarted(worker);
    recorder.workerTagged(worker, 2);
    recorder.workerReady(worker);
    double[] table = new double[rounds];
    double[] floor = new double[rounds];
    long id = (1L << 40) + 1;
    long sink = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < TASKS; i++, id++) {
        recorder.taskSubmitted(id, "noop", 1);
        recorder.taskStarted(id, worker, 1);
        recorder.taskRan(id, worker, 7, i, i + 1);
        recorder.taskFinished(id, null);
      }
      table[round] = (System.nanoTime() - start) / (double) TASKS;
      start = System.nanoTime();
      for (int i = 0; i < TASKS; i++, id++) {
        sink += id ^ i;
      }
      floor[round] = (System.nanoTime() - start) / (double) TASKS;
      System.out.printf(Locale.ROOT, "round %d: state table %.1f ns a task, floor %.2f ns%n",
          round + 1, table[round], floor[round]);
    }
    System.out.printf(Locale.ROOT, "first round %.1f ns a task; warm (median of rounds 4 on)"
        + " %.1f ns, floor %.2f ns (%d)%n", table[0], warmMedian(table), warmMedian(floor),
        sink & 1);
  }

  private static double warmMedian(double[] rounds) {
    double[] warm = Arrays.copyOfRange(rounds, Math.min(3, rounds.length - 1), rounds.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }
}
