package io.jray.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * {@link FirstCalls}'s table: for each kind of call, the first 10,000 of a fresh session and the
 * warm figure (calls per second, median over the rounds, min–max), first / warm, and for the sync
 * kinds each figure over the UDS floor's of the same round; then the floor's own row.
 */
final class FirstCallsTable {
  private final int rounds;
  private final double warmSeconds;
  private final Map<String, List<Double>> samples;

  FirstCallsTable(int rounds, double warmSeconds, Map<String, List<Double>> samples) {
    this.rounds = rounds;
    this.warmSeconds = warmSeconds;
    this.samples = samples;
  }

  void print() {
    System.out.println();
    System.out.printf("Median of %d fresh driver JVMs (min–max). In each: the floor's first"
        + " round trips, Ray.init (2 CPUs, dashboard off), then the first 10,000 of each kind in"
        + " the rows' order (the actor created and called once before its rows); %.0f s of the"
        + " same mix; each kind again (warm).%n", rounds, warmSeconds);
    System.out.printf("| calls/s | first 10,000 of a fresh session | warm, after %.0f s | first"
        + " / warm | first / floor's first | warm / floor's warm |%n", warmSeconds);
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (CallKind kind : CallKind.values()) {
      String id = kind.id;
      row(kind.label, rate("first." + id), rate("warm." + id), ratio("firstOverWarm." + id),
          kind.sync ? ratio("firstOverFloor." + id) : "",
          kind.sync ? ratio("warmOverFloor." + id) : "");
    }
    row("floor: 64-byte round trip, JVM to JVM over UDS", rate("first.uds"), rate("warm.uds"),
        ratio("firstOverWarm.uds"), "", "");
    row("actor create to first result (before its first 10,000)",
        figure("actorStart", "%.0f ms"), "", "", "", "");
    System.out.println("Targets (issue 17): warm / floor's warm >= 0.8 for sync tasks and sync"
        + " actor calls; first / warm >= 0.5 for every kind.");
  }

  private static void row(String... cells) {
    System.out.println("| " + String.join(" | ", cells) + " |");
  }

  private String rate(String name) {
    return figure(name, "%,.0f");
  }

  private String ratio(String name) {
    return figure(name, "%.2f");
  }

  private String figure(String name, String format) {
    return FleetTable.figure(new Stats(samples.get(name)), format);
  }
}
