package io.jray.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the whole suite: the JMH benchmarks (one forked JVM each, jray's flags passed on), then the
 * plain-harness figures; prints the table and writes it, with a chart, under the output folder.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--quick] [--only REGEX] [--profile]
 *     [--jvm-option OPTION]... [--out DIR]
 * </pre>
 * {@code --quick}: short iterations, for a smoke run. {@code --only}: the metric ids to run (see
 * {@link Metric#all}), e.g. {@code 'tasks.*|udsRoundTrip'}. {@code --profile}: a JFR recording of
 * every driver and worker JVM, under {@code OUT/profiles/<metric>/}. {@code --jvm-option}: an
 * option for every JVM that runs jray, drivers and workers alike (a profiler agent, say; no
 * spaces in it).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    int cores = Runtime.getRuntime().availableProcessors();
    List<Metric> metrics = Metric.all(cores);
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    System.out.printf("jray benchmarks (%s mode): %d cores, Java %s, load average %s%n",
        options.quick ? "quick" : "full", cores, Runtime.version(), load);

    Map<String, Stats> results = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    new JmhSuite(options).run(results, failures);
    runPlain(options, results, failures);

    Report report = new Report(metrics, results, failures);
    String preamble = String.format("# jray benchmarks%n%nRun %s, %s mode, %d cores, Java %s, load"
        + " average at start %s, at end %s.%n%nCommand: `java -jar benchmarks/target/benchmarks.jar"
        + " %s`%n%nMedian over timed iterations (JMH) or trials (plain harness); spread is min–max"
        + " with n samples. Baselines are measured in the same run. Seed calls last about %s s"
        + " each. Chart: benchmarks.svg.%n",
        started, options.quick ? "quick" : "full", cores, Runtime.version(), load,
        Files.readString(Path.of("/proc/loadavg")).trim(), String.join(" ", args),
        options.quick ? "0.5" : "1");
    System.out.println();
    System.out.print(report.text());
    report.write(options.out, preamble);
    System.out.println("\nWritten: " + options.out.resolve("benchmarks.md") + ", "
        + options.out.resolve("benchmarks.svg") + ", " + options.out.resolve("benchmarks.csv"));
  }

  private static void runPlain(Options options, Map<String, Stats> results,
      Map<String, String> failures) {
    if (options.selects("seedSpeedup") || options.selects("seedOneThread")) {
      try {
        new PlainHarness(options.childJvmOptions("seedSpeedup"))
            .seed(options.quick ? 3 : 5, options.quick ? 0.5 : 1.0, results);
      } catch (Exception e) {
        failures.put("seedSpeedup", e.toString());
      }
    }
    if (options.selects("coldStart") || options.selects("coldStartProject")
        || options.selects("coldStartLauncher") || options.selects("jvmStart")) {
      try {
        new PlainHarness(options.childJvmOptions("coldStart"))
            .coldStart(options.quick ? 3 : 5, results);
      } catch (Exception e) {
        failures.put("coldStart", e.toString());
      }
    }
  }

  /** The command line. */
  static final class Options {
    boolean quick;
    boolean profile;
    Pattern only = Pattern.compile(".*");
    Path out = defaultOut();
    final List<String> jvmOptions = new ArrayList<>();

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> options.quick = true;
          case "--profile" -> options.profile = true;
          case "--only" -> options.only = Pattern.compile(args[++i]);
          case "--out" -> options.out = Path.of(args[++i]);
          case "--jvm-option" -> options.jvmOptions.add(args[++i]);
          default -> throw new IllegalArgumentException("Unknown option " + args[i]
              + ". Usage: [--quick] [--only REGEX] [--profile] [--jvm-option OPTION]..."
              + " [--out DIR]");
        }
      }
      return options;
    }

    boolean selects(String metricId) {
      return only.matcher(metricId).matches();
    }

    /**
     * Options for a JVM that runs a jray driver for {@code metricId}, and (through RayState's
     * property) for each of its workers: the --jvm-option ones, and with --profile a flight
     * recording of each.
     */
    List<String> childJvmOptions(String metricId) throws java.io.IOException {
      List<String> jvm = new ArrayList<>(jvmOptions);
      if (profile) {
        Path dir = Files.createDirectories(out.resolve("profiles").resolve(metricId));
        jvm.add("-XX:StartFlightRecording=filename=" + dir.toAbsolutePath() + ",settings=profile");
      }
      if (!jvm.isEmpty()) {
        jvm.add("-D" + RayState.WORKER_OPTIONS + "=" + String.join(" ", jvm));
      }
      return jvm;
    }

    /** target/ beside the jar (benchmarks/target), or ./target when run from classes. */
    private static Path defaultOut() {
      try {
        Path code = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI());
        return code.getParent(); // the jar or the classes folder sits in target/
      } catch (Exception e) {
        return Path.of("target");
      }
    }
  }
}
