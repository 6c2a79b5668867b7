package io.jray.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH part of the suite: one fork per benchmark, throughput in operations per second, every
 * timed iteration kept as a sample. The runner's own JVM needs no jray flags: only forks run jray.
 */
final class JmhSuite {
  /** Benchmark classes, in the order they run; a metric's id is its method's name. */
  private static final List<Class<?>> CLASSES = List.of(BaselineBenchmarks.class,
      UdsBenchmarks.class, TaskBenchmarks.class, ActorBenchmarks.class, StoreBenchmarks.class,
      WaitBenchmarks.class, NetBenchmarks.class);

  private final BenchMain.Options options;

  JmhSuite(BenchMain.Options options) {
    this.options = options;
  }

  void run(Map<String, Stats> results, Map<String, String> failures) throws Exception {
    List<String> selected = new ArrayList<>();
    for (Class<?> type : CLASSES) {
      for (var method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)
            && options.selects(method.getName())) {
          selected.add(type.getName() + "." + method.getName());
        }
      }
    }
    selected.sort(null);
    if (selected.isEmpty()) {
      return;
    }
    if (options.profile) { // one recording folder per benchmark
      for (String benchmark : selected) {
        collect(runJmh(List.of(benchmark), options.childJvmOptions(metricId(benchmark))),
            List.of(benchmark), results, failures);
      }
    } else {
      collect(runJmh(selected, options.childJvmOptions("all")), selected, results, failures);
    }
  }

  private Collection<RunResult> runJmh(List<String> benchmarks, List<String> jvmOptions)
      throws RunnerException {
    ChainedOptionsBuilder builder = new OptionsBuilder()
        .forks(1)
        .warmupIterations(options.quick ? 1 : 3)
        .warmupTime(TimeValue.seconds(options.quick ? 1 : 2))
        .measurementIterations(options.quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(options.quick ? 1 : 2))
        .timeUnit(TimeUnit.SECONDS)
        .mode(org.openjdk.jmh.annotations.Mode.Throughput)
        .shouldFailOnError(false);
    for (String benchmark : benchmarks) {
      builder.include("^" + java.util.regex.Pattern.quote(benchmark) + "$");
    }
    List<String> jvmArgs = new ArrayList<>(ChildJvm.jrayFlags());
    jvmArgs.add(RayState.QUIET_CHRONICLE);
    jvmArgs.addAll(jvmOptions);
    builder.jvmArgsAppend(jvmArgs.toArray(String[]::new));
    return new Runner(builder.build()).run();
  }

  private static void collect(Collection<RunResult> runs, List<String> selected,
      Map<String, Stats> results, Map<String, String> failures) {
    Map<String, Double> scales = new java.util.HashMap<>();
    Metric.all(Runtime.getRuntime().availableProcessors())
        .forEach(metric -> scales.put(metric.id(), metric.scale()));
    List<String> seen = new ArrayList<>();
    for (RunResult run : runs) {
      String id = metricId(run.getParams().getBenchmark());
      List<Double> samples = new ArrayList<>();
      for (BenchmarkResult fork : run.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          samples.add(iteration.getPrimaryResult().getScore());
        }
      }
      if (!samples.isEmpty()) {
        results.put(id, new Stats(samples).scaled(scales.getOrDefault(id, 1.0)));
        seen.add(id);
      }
    }
    for (String benchmark : selected) {
      if (!seen.contains(metricId(benchmark))) {
        failures.put(metricId(benchmark), "no result: see the JMH output above");
      }
    }
  }

  private static String metricId(String benchmark) {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }
}
