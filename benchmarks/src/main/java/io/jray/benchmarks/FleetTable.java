package io.jray.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * {@link ActorFleet}'s table: each figure's median over its samples (one per round, or one per
 * session for memory: two sessions a round), min–max beside it, and the floor measured in the
 * same run.
 */
final class FleetTable {
  private final int n;
  private final int rounds;
  private final Map<String, List<Double>> samples;

  FleetTable(int n, int rounds, Map<String, List<Double>> samples) {
    this.n = n;
    this.rounds = rounds;
    this.samples = samples;
  }

  void print() {
    System.out.println();
    System.out.printf("| N = %d; median of %d round(s), min–max; memory in MiB, read once the"
        + " JVMs are idle | jray | floor, same run |%n", n, rounds);
    System.out.println("|---|---:|---:|");
    String bare = "bare JVM, start to exit: " + figure("bare", "%.0f ms");
    row("first actor: create to its first call's result", figure("first", "%.0f ms"), bare);
    row("actor " + n + ", made one after another: create to first result",
        figure("nth", "%.0f ms"), bare);
    row("median actor of those " + n, figure("median", "%.0f ms"), "");
    row(n + " actors at once: every create, one call each, all answers",
        figure("atOnce", "%.1f s"),
        n + " bare JVMs at once, start to last exit: " + figure("bareAtOnce", "%.1f s"));
    row("RSS per idle actor: the session's (driver and every descendant) / " + n,
        figure("perActorRss", "%.1f"), "bare idle JVM: " + figure("floorRss", "%.1f"));
    row("PSS per idle actor: the session's / " + n, figure("perActorPss", "%.1f"),
        "bare idle JVM: " + figure("floorPss", "%.1f"));
    row("PSS per idle actor, less the session's before any actor",
        figure("marginal", "%.1f"), "");
    row("one actors' host process (median): RSS / PSS / USS",
        figure("hostRss", "%.1f") + " / " + figure("hostPss", "%.1f") + " / "
            + figure("hostUss", "%.1f"),
        "bare idle JVM: " + figure("floorRss", "%.1f") + " / " + figure("floorPss", "%.1f")
            + " / " + figure("floorUss", "%.1f"));
    row("CPU time one host process used to get there (median)", figure("hostCpu", "%.0f ms"),
        "bare idle JVM: " + figure("floorCpu", "%.0f ms"));
    row("processes of the session with " + n + " idle actors", figure("processes", "%.0f"), "");
    row("actors' host processes, and how many map the workers' class-data archive",
        figure("hosts", "%.0f") + ", " + figure("archived", "%.0f") + " of them", "");
  }

  private static void row(String what, String jray, String floor) {
    System.out.printf("| %s | %s | %s |%n", what, jray, floor);
  }

  private String figure(String name, String format) {
    return figure(new Stats(samples.get(name)), format);
  }

  /**
   * The median, and the spread (min–max) when there is more than one sample; a unit at the end of
   * {@code format} (after a space) is written once.
   */
  static String figure(Stats stats, String format) {
    String median = String.format(format, stats.median());
    if (stats.count() == 1 || stats.min() == stats.max()) {
      return median;
    }
    String bare = format.replaceAll(" \\w+$", "");
    return median + " (" + String.format(bare, stats.min()) + "–"
        + String.format(bare, stats.max()) + ")";
  }
}
