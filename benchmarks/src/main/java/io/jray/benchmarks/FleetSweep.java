package io.jray.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which worker JVM options make an idle actor's JVM small: for each option set, given to every
 * worker and actor JVM with {@code RayConfig.Builder.addWorkerJvmOption}, a fresh session makes N
 * actors at once and reads their processes' memory once idle, beside a bare idle JVM started with
 * the same options. Each set first gets a short session of its own, which records the workers'
 * class-data archive for those flags (the archive is keyed by them). Part of {@link ActorFleet}.
 */
final class FleetSweep {
  /** The default option sets: jray's own, each single option, then combinations. */
  static final List<String> DEFAULT_SETS = List.of(
      "none",
      FleetSession.NO_CDS,
      "-Xshare:off",
      "-XX:-UseSerialGC -XX:+UseG1GC",
      "-XX:TieredStopAtLevel=1",
      "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1",
      "-Xss256k",
      "-Xms8m -Xmx64m",
      "-Xmn4m",
      "-XX:ReservedCodeCacheSize=16m",
      "-XX:MaxMetaspaceSize=64m",
      "-XX:TrimNativeHeapInterval=1000",
      "-Xms8m -Xmx64m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1",
      "-Xms8m -Xmx64m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k"
          + " -XX:ReservedCodeCacheSize=16m -XX:TrimNativeHeapInterval=1000");
  private static final double MIB = 1024;

  private final PlainHarness harness;
  private final int n;
  private final long settle;

  FleetSweep(PlainHarness harness, int n, long settle) {
    this.harness = harness;
    this.n = n;
    this.settle = settle;
  }

  /** Measures {@code sets} (options separated by spaces; "none"), or the defaults if empty. */
  void run(int rounds, List<String> sets) throws Exception {
    List<String> measured = sets.isEmpty() ? DEFAULT_SETS : sets;
    Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (String set : measured) {
        Map<String, List<Double>> figures = samples.computeIfAbsent(set,
            s -> new LinkedHashMap<>());
        measure(options(set), figures);
        System.out.printf("round %d, %s: actor process PSS %.1f MiB%n", round, set,
            figures.get("hostPss").get(round - 1));
      }
    }
    System.out.println();
    System.out.printf("| worker JVM options (N = %d actors, %d round(s), MiB) | actor's process:"
        + " RSS | PSS | USS | CPU to idle | session PSS / N | %d at once | bare idle JVM, same"
        + " options: RSS / PSS / USS | map the archive |%n", n, rounds, n);
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    samples.forEach((set, figures) -> System.out.printf(
        "| %s | %.1f | %.1f | %.1f | %.0f ms | %.1f | %.1f s | %.1f / %.1f / %.1f | %.0f of %d |%n",
        set.equals(FleetSession.NO_CDS) ? "no class-data archive (" + set + ")" : set,
        median(figures, "hostRss"), median(figures, "hostPss"), median(figures, "hostUss"),
        median(figures, "hostCpu"), median(figures, "perActorPss"), median(figures, "atOnce"),
        median(figures, "floorRss"), median(figures, "floorPss"), median(figures, "floorUss"),
        median(figures, "archived"), n));
  }

  private void measure(List<String> options, Map<String, List<Double>> figures)
      throws Exception {
    ActorFleet.warmUp(harness, options);
    Map<String, String[]> session = ActorFleet.session(harness, "atOnce", n, settle, options);
    ActorFleet.add(figures, "atOnce", Double.parseDouble(session.get("atOnce")[2]) / 1e3);
    ActorFleet.addMemory(figures, "host", ProcSample.parse(session.get("host"), 2), 1);
    ActorFleet.addMemory(figures, "perActor", ProcSample.parse(session.get("idle"), 2), n);
    ActorFleet.add(figures, "archived", Double.parseDouble(session.get("host")[7]));
    List<String> floorFlags = new ArrayList<>(ActorFleet.WORKER_FLAGS);
    options.stream().filter(option -> !option.equals(FleetSession.NO_CDS))
        .forEach(floorFlags::add);
    ActorFleet.addMemory(figures, "floor", harness.idleJvm(floorFlags, settle), 1);
  }

  private static List<String> options(String set) {
    return set.equals("none") ? List.of() : Arrays.asList(set.trim().split("\\s+"));
  }

  private static double median(Map<String, List<Double>> figures, String name) {
    return new Stats(figures.get(name)).median();
  }
}
