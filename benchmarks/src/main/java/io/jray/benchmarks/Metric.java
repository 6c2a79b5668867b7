package io.jray.benchmarks;

import java.util.List;

/**
 * One line of the table: a figure (Ray's name for it), the baseline it is held against, and the
 * target from issue 7. {@code scale} turns the raw samples into the unit shown (operations of
 * 100 MB per second into GB/s, say).
 */
record Metric(String id, String name, String unit, double scale, String baseline, Target target) {

  /** A target: at least or at most a value, or at least a share of the baseline's median. */
  record Target(Kind kind, double value) {
    enum Kind { AT_LEAST, AT_MOST, SHARE_OF_BASELINE }

    static Target atLeast(double value) {
      return new Target(Kind.AT_LEAST, value);
    }

    static Target atMost(double value) {
      return new Target(Kind.AT_MOST, value);
    }

    static Target shareOfBaseline(double share) {
      return new Target(Kind.SHARE_OF_BASELINE, share);
    }

    /** The bar to clear, given the baseline's median (for a share of it). */
    double threshold(double baseline) {
      return kind == Kind.SHARE_OF_BASELINE ? value * baseline : value;
    }

    boolean lowerIsBetter() {
      return kind == Kind.AT_MOST;
    }

    boolean met(double median, double baseline) {
      double bar = threshold(baseline);
      return lowerIsBetter() ? median <= bar : median >= bar;
    }
  }

  static final double GB_PER_100MB = StoreBenchmarks.LARGE / 1e9;

  /** Seed speedup to reach: 1.85× on 2 cores (issue 7), the same share of ideal on others. */
  static double seedTarget(int cores) {
    return 1.85 * cores / 2.0;
  }

  /** Every figure in the order of the table; ids of JMH benchmarks are their method names. */
  static List<Metric> all(int cores) {
    return List.of(
        new Metric("tasksSync", "single client tasks sync", "tasks/s", 1, "udsRoundTrip",
            Target.atLeast(25_000)),
        new Metric("tasksAsync", "single client tasks async", "tasks/s", 1, "executorAsync",
            Target.atLeast(100_000)),
        new Metric("actorCallsSync", "1:1 actor calls sync", "calls/s", 1, "udsRoundTrip",
            Target.atLeast(25_000)),
        new Metric("actorCallsAsync", "1:1 actor calls async", "calls/s", 1, "executorAsync",
            Target.atLeast(150_000)),
        new Metric("actorCallsAsyncNtoN", "n:n actor calls async (n = " + cores + ")", "calls/s",
            1, "executorAsync", null),
        new Metric("putSmall", "single client put calls (100 B)", "puts/s", 1, null,
            Target.atLeast(500_000)),
        new Metric("getSmall", "single client get calls (100 B)", "gets/s", 1, null,
            Target.atLeast(500_000)),
        new Metric("putLarge", "single client put gigabytes (100 MB)", "GB/s", GB_PER_100MB,
            "arraycopyLarge", Target.shareOfBaseline(0.5)),
        new Metric("getLarge", "single client get gigabytes (100 MB)", "GB/s", GB_PER_100MB,
            "arraycopyLarge", null),
        new Metric("waitReady", "single client wait 1k refs (all ready)", "waits/s", 1, null, null),
        new Metric("waitProduced", "single client wait 1k refs (being produced)", "rounds/s", 1,
            null, null),
        new Metric("netTransfer", "object transfer between two processes (100 MB)", "GB/s",
            GB_PER_100MB, "tcpStream", null),
        new Metric("netRoundTrip", "small request round trip between two processes",
            "round trips/s", 1, "tcpRoundTrip", null),
        new Metric("seedSpeedup", "seed: sum of squares, one task per core", "× speedup", 1,
            "seedOneThread", Target.atLeast(seedTarget(cores))),
        new Metric("coldStart", "cold start: Ray.init to first result", "s", 1, "jvmStart",
            Target.atMost(1.5)),
        new Metric("coldStartProcess", "cold start: JVM launch to first result", "s", 1,
            "jvmStart", null),
        new Metric("coldStartProject",
            "cold start from a Maven project's class path: Ray.init to first result", "s", 1,
            "jvmStart", Target.atMost(1.5)),
        new Metric("coldStartProjectProcess",
            "cold start from a Maven project's class path: JVM launch to first result", "s", 1,
            "jvmStart", null),
        new Metric("coldStartLauncher",
            "cold start from a Maven project's class path, through bin/jray run", "s", 1,
            "jvmStart", Target.atMost(1.5)),
        new Metric("coldStartLauncherProcess",
            "cold start through bin/jray run: launcher start to first result", "s", 1,
            "jvmStart", null),
        new Metric("executorSync", "baseline: no-op via ExecutorService, sync", "calls/s", 1,
            null, null),
        new Metric("executorAsync", "baseline: no-op via ExecutorService, async (1k in flight)",
            "calls/s", 1, null, null),
        new Metric("udsRoundTrip", "baseline: 64 B request/reply, 2 JVMs, Unix socket",
            "round trips/s", 1, null, null),
        new Metric("tcpStream", "baseline: raw loopback TCP stream 100 MB, 2 JVMs", "GB/s",
            GB_PER_100MB, null, null),
        new Metric("tcpRoundTrip", "baseline: 64 B request/reply, 2 JVMs, loopback TCP",
            "round trips/s", 1, null, null),
        new Metric("arraycopyLarge", "baseline: System.arraycopy 100 MB", "GB/s", GB_PER_100MB,
            null, null),
        new Metric("seedOneThread", "baseline: seed calls one after another in one thread",
            "× speedup", 1, null, null),
        new Metric("jvmStart", "baseline: bare JVM launch to exit", "s", 1, null, null));
  }
}
