package io.jray.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What actors cost to create and to keep, each figure beside a floor measured in the same run:
 * the first actor's create to its first result, the N-th's when actors are made one after another,
 * the wall time of N made at once, and once N are idle, the memory of every process of the session
 * (the driver and all its descendants: RSS, and PSS, which splits shared pages such as the object
 * store's fairly) per actor. Every session is a fresh driver JVM ({@link FleetSession}); the
 * floors are bare JVMs: one started to its exit, N started at once, and one that idles with the
 * workers' own flags ({@link IdleJvm}). Run:
 * {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.ActorFleet [N] [--rounds R]
 * [--settle MILLIS]} (N 100, 3 rounds, 3000 ms for the JVMs to go quiet before memory is read).
 *
 * <p>{@code --flags [N]} instead measures which worker JVM options make an idle actor's JVM small
 * ({@link FleetSweep}; N 20, one round), and {@code --set 'OPTIONS'} (repeatable; {@code none} for
 * no option) measures those option sets only.
 */
public final class ActorFleet {
  /** The flags jray gives every worker JVM of its own accord (WorkerLauncher), for the floor. */
  static final List<String> WORKER_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto");
  private static final double MIB = 1024;

  private ActorFleet() {}

  /**
   * Runs the fleet's rounds, or the option sweep, and prints the table.
   *
   * @param args {@code [N] [--rounds R] [--settle MILLIS]}, or {@code --flags [N]} and
   *     {@code --set 'OPTIONS'} for the sweep
   * @throws Exception if a session or a floor's JVM fails or outlives its time
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    List<String> sets = new ArrayList<>();
    Integer n = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--flags" -> options.put("flags", "true");
        case "--rounds", "--settle" -> options.put(args[i].substring(2), args[++i]);
        case "--set" -> sets.add(args[++i]);
        default -> n = Integer.parseInt(args[i]);
      }
    }
    boolean sweep = options.containsKey("flags") || !sets.isEmpty();
    int actors = n != null ? n : sweep ? 20 : 100;
    int rounds = Integer.parseInt(options.getOrDefault("rounds", sweep ? "1" : "3"));
    long settle = Long.parseLong(options.getOrDefault("settle", "3000"));
    PlainHarness harness = new PlainHarness(List.of());
    if (sweep) {
      new FleetSweep(harness, actors, settle).run(rounds, sets);
    } else {
      fleet(harness, actors, rounds, settle);
    }
  }

  private static void fleet(PlainHarness harness, int n, int rounds, long settle)
      throws Exception {
    warmUp(harness, List.of());
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      add(samples, "bare", harness.bareJvmSeconds() * 1e3);
      add(samples, "bareAtOnce", harness.bareJvmsAtOnceSeconds(n));
      ProcSample floor = harness.idleJvm(WORKER_FLAGS, settle);
      addMemory(samples, "floor", floor, 1);
      Map<String, String[]> one = session(harness, "oneByOne", n, settle, List.of());
      Map<String, String[]> all = session(harness, "atOnce", n, settle, List.of());
      for (String figure : List.of("first", "nth", "median")) {
        add(samples, figure, Double.parseDouble(one.get(figure)[2]));
      }
      add(samples, "atOnce", Double.parseDouble(all.get("atOnce")[2]) / 1e3);
      for (Map<String, String[]> session : List.of(one, all)) {
        ProcSample idle = ProcSample.parse(session.get("idle"), 2);
        ProcSample base = ProcSample.parse(session.get("base"), 2);
        addMemory(samples, "perActor", idle, n);
        add(samples, "marginal", (idle.pssKb() - base.pssKb()) / MIB / n);
        add(samples, "processes", idle.processes());
        addMemory(samples, "host", ProcSample.parse(session.get("host"), 2), 1);
        add(samples, "archived", Double.parseDouble(session.get("host")[7]));
        add(samples, "hosts", Double.parseDouble(session.get("host")[8]));
      }
      System.out.printf("round %d: first actor %.0f ms, actor %d %.0f ms, %d at once %.1f s;"
          + " session PSS %.1f MiB per actor%n", round, last(samples, "first"), n,
          last(samples, "nth"), n, last(samples, "atOnce"),
          ProcSample.parse(one.get("idle"), 2).pssKb() / MIB / n);
    }
    new FleetTable(n, rounds, samples).print();
  }

  /**
   * A short session with these options before any timed one: the first session of a class path
   * and flags records the workers' class-data archive, which later sessions start from.
   */
  static void warmUp(PlainHarness harness, List<String> workerOptions) throws Exception {
    session(harness, "atOnce", 1, 0, workerOptions);
  }

  /** Runs a {@link FleetSession}; its RESULT lines by their key (parts[1]). */
  static Map<String, String[]> session(PlainHarness harness, String mode, int n, long settle,
      List<String> workerOptions) throws Exception {
    List<String> args = new ArrayList<>(List.of(mode, String.valueOf(n), String.valueOf(settle)));
    args.addAll(workerOptions);
    Map<String, String[]> results = new HashMap<>();
    for (String line : harness.run(FleetSession.class, 120 + 5 * n, args.toArray(String[]::new))) {
      String[] parts = line.split(" ");
      results.put(parts[1], parts);
    }
    if (!results.get("left")[2].equals("0")) {
      System.out.println("  (" + results.get("left")[2] + " processes outlived Ray.shutdown"
          + " by 30 s and were ended by pid)");
    }
    return results;
  }

  private static double last(Map<String, List<Double>> samples, String figure) {
    List<Double> values = samples.get(figure);
    return values.get(values.size() - 1);
  }

  static void add(Map<String, List<Double>> samples, String figure, double value) {
    samples.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
  }

  /** RSS, PSS and USS in MiB and CPU time in ms, each divided by {@code per}. */
  static void addMemory(Map<String, List<Double>> samples, String prefix, ProcSample memory,
      int per) {
    add(samples, prefix + "Rss", memory.rssKb() / MIB / per);
    add(samples, prefix + "Pss", memory.pssKb() / MIB / per);
    add(samples, prefix + "Uss", memory.ussKb() / MIB / per);
    add(samples, prefix + "Cpu", memory.cpuMillis() / (double) per);
  }
}
