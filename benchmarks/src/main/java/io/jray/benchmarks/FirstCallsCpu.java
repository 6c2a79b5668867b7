package io.jray.benchmarks;

import io.jray.Ray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a fresh session's CPU goes while it makes its first calls: the CPU time of every thread
 * of the driver and of its workers (from Linux's {@code /proc/<pid>/task/<tid>/stat}) over the
 * first N calls of one kind, grouped by process role and thread name (the JIT's compiler
 * threads as C1 and C2). Run in a fresh JVM:
 * {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.FirstCallsCpu [N] [KIND]}
 * (10,000 sync tasks; KIND is one of syncTasks, asyncTasks, syncActor, asyncActor). For an
 * actor's kinds the actor is created and called once before the count starts. Start it twice:
 * the first run records the workers' class-data archive, as a user's first session does.
 */
public final class FirstCallsCpu {
  /** Linux's USER_HZ, the unit of {@code stat}'s times. */
  private static final long MILLIS_PER_TICK = 10;

  private FirstCallsCpu() {}

  /**
   * Prints the rate, then each thread group's CPU in ms, most first, and the total.
   *
   * @param args {@code [N] [KIND]}
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    CallKind kind = args.length > 1 ? kindOf(args[1]) : CallKind.SYNC_TASKS;
    Ray.init(RayState.builder().numCpus(2).includeDashboard(false).build());
    try {
      Ray.get(NoopsRemote.noop()); // a worker is up and has loaded the function
      CounterRemote counter = null;
      if (!kind.id.endsWith("Tasks")) {
        counter = CounterRemote.create();
        Ray.get(counter.increment());
      }
      Map<String, Long> before = threadMillis();
      long start = System.nanoTime();
      double rate = kind.rate(counter, n);
      long wallMillis = (System.nanoTime() - start) / 1_000_000;
      Map<String, Long> used = minus(threadMillis(), before);
      System.out.printf("first %,d %s: %,.0f calls/s, %,d ms%n", n, kind.label, rate,
          wallMillis);
      long total = used.values().stream().mapToLong(Long::longValue).sum();
      used.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> System.out.printf("%7d ms CPU  %5.1f µs a call  %s%n", e.getValue(),
              e.getValue() * 1000.0 / n, e.getKey()));
      System.out.printf("%7d ms CPU  %5.1f µs a call  all threads (%.2f of the 2 cores' %,d ms)%n",
          total, total * 1000.0 / n, total / (2.0 * wallMillis), 2 * wallMillis);
    } finally {
      Ray.shutdown();
    }
  }

  private static CallKind kindOf(String id) {
    for (CallKind kind : CallKind.values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown kind " + id
        + ": use syncTasks, asyncTasks, syncActor or asyncActor");
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> used = new HashMap<>();
    after.forEach((group, millis) -> used.merge(group, millis - before.getOrDefault(group, 0L),
        Long::sum));
    return used;
  }

  /** CPU ms by group ("driver main", "worker C2", ...), over this JVM and its descendants. */
  static Map<String, Long> threadMillis() {
    Map<String, Long> groups = new HashMap<>();
    List<ProcessHandle> processes = new ArrayList<>();
    processes.add(ProcessHandle.current());
    ProcessHandle.current().descendants().forEach(processes::add);
    for (ProcessHandle process : processes) {
      String role = process.pid() == ProcessHandle.current().pid() ? "driver " : "worker ";
      try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(process.pid()),
          "task"))) {
        threads.forEach(thread -> add(groups, role, thread));
      } catch (IOException | RuntimeException gone) {
        // the process ended meanwhile
      }
    }
    return groups;
  }

  private static void add(Map<String, Long> groups, String role, Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).trim();
      String stat = Files.readString(thread.resolve("stat"));
      // After the name in parentheses: state, then 10 fields, then utime and stime.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      String group = name.startsWith("C2 ") ? "C2 compiler"
          : name.startsWith("C1 ") ? "C1 compiler"
          : name.replaceAll("-?\\d+$", "");
      groups.merge(role + group, ticks * MILLIS_PER_TICK, Long::sum);
    } catch (IOException | RuntimeException gone) {
      // the thread ended meanwhile
    }
  }
}
