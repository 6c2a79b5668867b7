package io.jray.benchmarks;

import io.jray.Ray;
import io.jray.internal.CallTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a warm sync task's time goes, segment by segment, beside the floor measured in the same
 * run: {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.CallBreakdown [W] [N]}.
 * One fresh session (2 CPUs, dashboard off) runs W sync no-op tasks (200,000) to warm up, then N
 * (20,000) more; the runtime's call trace ({@code -Djray.callTrace}, set here) stamps each at
 * every point from submit to get, in the driver and its workers, and this prints each
 * segment's median and 90th percentile over the last N. The floor is N round trips of 64 bytes
 * over a Unix domain socket to an echo JVM, after as many to warm up, each timed alone.
 *
 * <p>The trace keeps each process's first two million points, about 400,000 tasks: W + N must
 * stay below that.
 */
public final class CallBreakdown {
  private static final String[] SEGMENTS = {
      "caller: submit, frame written",
      "to the worker: wake, read, decode",
      "worker: queue to start",
      "worker: arguments, body",
      "worker: serialize, store put",
      "worker: TASK_DONE written",
      "to the driver: wake, read, decode",
      "driver: apply, waiters released",
      "caller: sees it, decodes the value"};

  private CallBreakdown() {}

  /**
   * Runs the session and the floor, and prints the table.
   *
   * @param args W and N, optional
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    if (warm + n > 400_000) {
      throw new IllegalArgumentException("W + N must stay below 400,000: the trace keeps the"
          + " first two million points of each process");
    }
    Path folder = Files.createTempDirectory("jray-calltrace");
    // Before any jray class loads: the trace reads it once.
    System.setProperty(CallTrace.PROPERTY, folder.toString());
    double[] floor = floorMicros(n);
    long start;
    long end;
    Ray.init(RayState.builder().numCpus(2).includeDashboard(false).build());
    try {
      for (int i = 0; i < warm; i++) {
        Ray.get(NoopsRemote.noop());
      }
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Ray.get(NoopsRemote.noop());
      }
      end = System.nanoTime();
    } finally {
      Ray.shutdown(); // every process writes its points as it ends
    }
    List<long[]> tasks = lastTasks(folder, n);
    deleteAll(folder);
    System.out.printf(Locale.ROOT, "%,d warm sync tasks after %,d: %,.0f calls/s; the floor's"
        + " round trip %,.0f/s (its median)%n", n, warm, n / ((end - start) / 1e9),
        1e6 / median(floor));
    System.out.println("| segment | median µs | p90 µs |");
    System.out.println("|---|---:|---:|");
    for (int s = 0; s < SEGMENTS.length; s++) {
      int from = s;
      print(SEGMENTS[s], tasks.stream().mapToDouble(t -> (t[from + 1] - t[from]) / 1e3).toArray());
    }
    int last = SEGMENTS.length;
    print("**submit to get, in all**",
        tasks.stream().mapToDouble(t -> (t[last] - t[0]) / 1e3).toArray());
    print("floor: 64-byte round trip over UDS", floor);
  }

  /** Each round trip's microseconds, after as many untimed. */
  private static double[] floorMicros(int n) throws IOException, InterruptedException {
    UdsBenchmarks.Echo echo = new UdsBenchmarks.Echo();
    echo.start();
    try {
      UdsBenchmarks floor = new UdsBenchmarks();
      for (int i = 0; i < n; i++) {
        floor.udsRoundTrip(echo);
      }
      double[] micros = new double[n];
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        floor.udsRoundTrip(echo);
        micros[i] = (System.nanoTime() - start) / 1e3;
      }
      return micros;
    } finally {
      echo.stop();
    }
  }

  /** The last {@code n} tasks that passed every point, each as its nanos by point. */
  private static List<long[]> lastTasks(Path folder, int n) throws IOException {
    Map<String, Integer> pointIndex = new HashMap<>();
    for (CallTrace.Point point : CallTrace.Point.values()) {
      pointIndex.put(point.name(), point.ordinal());
    }
    Map<Long, long[]> byId = new HashMap<>();
    int points = SEGMENTS.length + 1;
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.toList();
    }
    for (Path file : files) {
      try (Stream<String> lines = Files.lines(file)) {
        lines.forEach(line -> {
          String[] words = line.split(" ");
          int point = pointIndex.get(words[0]);
          long[] times = byId.computeIfAbsent(Long.parseLong(words[1]), id -> new long[points]);
          if (times[point] == 0) {
            times[point] = Long.parseLong(words[2]);
          }
        });
      }
    }
    List<long[]> complete = new ArrayList<>();
    for (long[] times : byId.values()) {
      if (Arrays.stream(times).allMatch(t -> t != 0)) {
        complete.add(times);
      }
    }
    complete.sort(Comparator.comparingLong(t -> t[0]));
    return complete.subList(Math.max(0, complete.size() - n), complete.size());
  }

  private static void print(String name, double[] micros) {
    double[] sorted = micros.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.9)]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void deleteAll(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(folder);
  }
}
