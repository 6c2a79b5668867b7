package io.jray.benchmarks;

import io.jray.Ray;
import io.jray.RayConfig;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * jray, up for one benchmark: {@code Ray.init} in the forked JVM (so its workers start fresh for
 * every benchmark), {@code Ray.shutdown} at the end. Extra worker JVM options, such as a flight
 * recording, come from the system property {@value #WORKER_OPTIONS}, separated by spaces.
 */
@State(Scope.Benchmark)
public class RayState {
  static final String WORKER_OPTIONS = "jray.bench.workerOptions";
  /** Chronicle's start-up INFO lines would fill the output, one per worker. */
  static final String QUIET_CHRONICLE = "-Dorg.slf4j.simpleLogger.log.net.openhft=warn";

  @Setup(Level.Trial)
  public void init() {
    Ray.init(config());
    Ray.get(NoopsRemote.noop()); // every worker up and its function loaded before timing starts
  }

  @TearDown(Level.Trial)
  public void shutdown() {
    Ray.shutdown();
  }

  static RayConfig config() {
    return builder().build();
  }

  /** The benchmarks' configuration, still open to more options. */
  static RayConfig.Builder builder() {
    RayConfig.Builder builder = RayConfig.builder()
        .numCpus(Runtime.getRuntime().availableProcessors())
        .logLevel(RayConfig.LogLevel.ERROR)
        .addWorkerJvmOption(QUIET_CHRONICLE);
    String options = System.getProperty(WORKER_OPTIONS, "").trim();
    if (!options.isEmpty()) {
      for (String option : options.split("\\s+")) {
        builder.addWorkerJvmOption(option);
      }
    }
    return builder;
  }
}
