package io.jray.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 17's figures: what a short job sees beside what a warm one does. Each round is a fresh
 * driver JVM ({@link FirstCallsSession}) that times the first 10,000 calls of its session of
 * each kind ({@link CallKind}: tasks and actor calls, sync and async), then, after S seconds of
 * the same mix, 10,000 of each kind again (warm); and beside them the floor, measured in the same
 * JVM: a 64-byte round trip over a Unix domain socket to an echo JVM, its first 10,000 and its
 * warm figure. Prints a line per round and a table of medians over the rounds. Run:
 * {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.FirstCalls [--rounds R]
 * [--warm-seconds S] [--launcher] [--driver-option OPT] [--worker-option OPT]} (3 rounds, 20 s;
 * each option is repeatable: a JVM option for every session's driver, or for its workers). With {@code --launcher} each session runs
 * as a user's project would through {@code bin/jray run}: from the project's class path, with
 * the driver's class-data archive (recorded by an untimed session first).
 */
public final class FirstCalls {
  /** Calls per figure. */
  static final int N = 10_000;

  private FirstCalls() {}

  /**
   * Runs the rounds and prints the table.
   *
   * @param args {@code [--rounds R] [--warm-seconds S]}
   * @throws Exception if a session fails or outlives its time
   */
  public static void main(String[] args) throws Exception {
    int rounds = 3;
    double warmSeconds = 20;
    boolean launcher = false;
    List<String> driverOptions = new ArrayList<>();
    List<String> workerOptions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warm-seconds" -> warmSeconds = Double.parseDouble(args[++i]);
        case "--launcher" -> launcher = true;
        case "--driver-option" -> driverOptions.add(args[++i]);
        case "--worker-option" -> workerOptions.add(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + ": use [--rounds R] [--warm-seconds S] [--launcher] [--driver-option OPT]"
            + " [--worker-option OPT]");
      }
    }
    if (!workerOptions.isEmpty()) {
      driverOptions.add("-D" + RayState.WORKER_OPTIONS + "=" + String.join(" ", workerOptions));
    }
    PlainHarness harness = new PlainHarness(driverOptions);
    System.out.println("An untimed session first: it records the workers' class-data archive,"
        + " which every later session (a user's too) starts from.");
    ActorFleet.warmUp(harness, List.of());
    if (launcher) {
      System.out.println("And one through bin/jray run: it records the driver's archive.");
      session(harness, 1, true);
    }
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      Map<String, Double> figures = session(harness, warmSeconds, launcher);
      figures.forEach((key, value) -> ActorFleet.add(samples, key, value));
      addRatios(samples, figures);
      System.out.printf("round %d: first 10,000 / warm, calls/s: sync tasks %,.0f / %,.0f,"
          + " sync actor calls %,.0f / %,.0f; UDS floor %,.0f / %,.0f; %,.0f calls to warm up%n",
          round,
          figures.get("first.syncTasks"), figures.get("warm.syncTasks"),
          figures.get("first.syncActor"), figures.get("warm.syncActor"),
          figures.get("first.uds"), figures.get("warm.uds"), figures.get("warmCalls"));
    }
    new FirstCallsTable(rounds, warmSeconds, samples).print();
  }

  /** Runs a {@link FirstCallsSession}, through the launcher or not; its figures by key. */
  private static Map<String, Double> session(PlainHarness harness, double warmSeconds,
      boolean launcher) throws Exception {
    Map<String, Double> figures = new HashMap<>();
    int timeout = 180 + (int) (3 * warmSeconds);
    String[] args = {String.valueOf(N), String.valueOf(warmSeconds)};
    List<String> lines = launcher
        ? harness.run(ChildJvm.launcherCommand(ChildJvm.projectClassPath(),
            FirstCallsSession.class, harness.jvmOptions(), args), "FirstCallsSession", timeout)
        : harness.run(FirstCallsSession.class, timeout, args);
    for (String line : lines) {
      String[] parts = line.split(" ");
      figures.put(parts[1], Double.parseDouble(parts[2]));
    }
    if (figures.get("left") > 0) {
      System.out.printf("  (%.0f processes outlived Ray.shutdown by 30 s and were ended by pid)%n",
          figures.get("left"));
    }
    return figures;
  }

  /** Each round's own ratios: first / warm, and the sync kinds' over the floor of that round. */
  private static void addRatios(Map<String, List<Double>> samples, Map<String, Double> figures) {
    for (String id : List.of("syncTasks", "asyncTasks", "syncActor", "asyncActor", "uds")) {
      ActorFleet.add(samples, "firstOverWarm." + id,
          figures.get("first." + id) / figures.get("warm." + id));
    }
    for (CallKind kind : CallKind.values()) {
      if (kind.sync) {
        ActorFleet.add(samples, "firstOverFloor." + kind.id,
            figures.get("first." + kind.id) / figures.get("first.uds"));
        ActorFleet.add(samples, "warmOverFloor." + kind.id,
            figures.get("warm." + kind.id) / figures.get("warm.uds"));
      }
    }
  }
}
