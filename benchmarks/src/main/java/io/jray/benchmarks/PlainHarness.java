package io.jray.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The figures that do not fit JMH, measured Ray-style in fresh JVMs: the seed workload (warm-up,
 * then timed trials) and cold starts (one JVM per run), with the bare-JVM baseline.
 */
final class PlainHarness {
  private final List<String> jvmOptions;

  /** @param jvmOptions extra options for the child JVMs (a flight recording, say) */
  PlainHarness(List<String> jvmOptions) {
    this.jvmOptions = jvmOptions;
  }

  /** The extra options every child JVM gets. */
  List<String> jvmOptions() {
    return jvmOptions;
  }

  /** Adds seedSpeedup and seedOneThread (the ideal's floor, 1×) to results. */
  void seed(int trials, double secondsPerCall, Map<String, Stats> results)
      throws IOException, InterruptedException {
    List<Double> speedups = new ArrayList<>();
    List<String> lines = run(SeedWorkload.class, 600, String.valueOf(trials),
        String.valueOf(secondsPerCall));
    for (String line : lines) {
      String[] parts = line.split(" ");
      double local = Double.parseDouble(parts[2]);
      double remote = Double.parseDouble(parts[3]);
      System.out.printf("seed trial: %.3f s in one thread, %.3f s as tasks: %.2f×%n",
          local, remote, local / remote);
      speedups.add(local / remote);
    }
    results.put("seedSpeedup", new Stats(speedups));
    results.put("seedOneThread", Stats.of(1.0));
  }

  /**
   * Adds coldStart, coldStartProcess, coldStartProject(Process), coldStartLauncher(Process) and
   * jvmStart: {@code runs} fresh JVMs of each, in turn (Process: from the process's start, for
   * the launcher its script's, rather than from Ray.init). coldStartProject is the same cold
   * start from the class path a user's Maven project has (this module's {@code target/classes},
   * then its dependencies' jars) instead of the shaded jar, and coldStartLauncher the same again
   * through {@code bin/jray run}, which gives the driver a class-data archive. An untimed run of
   * these two goes first, so that the archives exist, as they do in a user's every session after
   * the first.
   */
  void coldStart(int runs, Map<String, Stats> results) throws IOException, InterruptedException {
    List<Double> init = new ArrayList<>();
    List<Double> process = new ArrayList<>();
    List<Double> project = new ArrayList<>();
    List<Double> projectProcess = new ArrayList<>();
    List<Double> launched = new ArrayList<>();
    List<Double> launchedProcess = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    String projectClassPath = ChildJvm.projectClassPath();
    run(projectClassPath, ColdStart.class, 120);
    // The launcher's first run records the driver's archive; the timed ones use it.
    run(ChildJvm.launcherCommand(projectClassPath, ColdStart.class, jvmOptions), "ColdStart",
        120);
    for (int i = 0; i < runs; i++) {
      bare.add(bareJvmSeconds());
      String[] parts = run(ColdStart.class, 120).get(0).split(" ");
      init.add(Double.parseDouble(parts[2]));
      process.add(Double.parseDouble(parts[3]));
      String[] fromProject = run(projectClassPath, ColdStart.class, 120).get(0).split(" ");
      project.add(Double.parseDouble(fromProject[2]));
      projectProcess.add(Double.parseDouble(fromProject[3]));
      String[] throughLauncher = run(ChildJvm.launcherCommand(projectClassPath, ColdStart.class,
          jvmOptions), "ColdStart", 120).get(0).split(" ");
      launched.add(Double.parseDouble(throughLauncher[2]));
      launchedProcess.add(Double.parseDouble(throughLauncher[3]));
      System.out.printf("cold start %d: Ray.init to result %s s, JVM launch to result %s s;"
          + " from a project's class path %s s and %s s; through bin/jray run %s s and %s s"
          + " (from the launcher's start); bare JVM %.3f s%n", i + 1, parts[2], parts[3],
          fromProject[2], fromProject[3], throughLauncher[2], throughLauncher[3], bare.get(i));
    }
    results.put("coldStart", new Stats(init));
    results.put("coldStartProcess", new Stats(process));
    results.put("coldStartProject", new Stats(project));
    results.put("coldStartProjectProcess", new Stats(projectProcess));
    results.put("coldStartLauncher", new Stats(launched));
    results.put("coldStartLauncherProcess", new Stats(launchedProcess));
    results.put("jvmStart", new Stats(bare));
  }

  /** Seconds from starting a bare JVM (one that does nothing) to its exit. */
  double bareJvmSeconds() throws IOException, InterruptedException {
    long start = System.nanoTime();
    run(ColdStart.class, 120, "--bare");
    return (System.nanoTime() - start) / 1e9;
  }

  /** Seconds from starting {@code count} bare JVMs at once to the exit of the last. */
  double bareJvmsAtOnceSeconds(int count) throws IOException, InterruptedException {
    List<Process> started = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < count; i++) {
        started.add(ChildJvm.command(ColdStart.class, jvmOptions, "--bare")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
      }
      for (Process process : started) {
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
          throw new IOException("a bare JVM failed or hung");
        }
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      started.forEach(Process::destroyForcibly);
    }
  }

  /**
   * The memory of a JVM that starts with {@code flags} and then idles ({@link IdleJvm}),
   * measured after {@code settleMillis}; the JVM is ended before this returns.
   */
  ProcSample idleJvm(List<String> flags, long settleMillis)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(jvmOptions);
    options.addAll(flags);
    Process process = ChildJvm.command(IdleJvm.class, options).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("RESULT idle")) {
        System.out.println("  | " + line);
      }
      if (line == null) {
        throw new IOException("the idle JVM exited with " + process.waitFor());
      }
      Thread.sleep(settleMillis);
      return ProcSample.of(process.pid());
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Runs main in a child JVM; returns its "RESULT" lines, echoing the rest to our stdout. */
  List<String> run(Class<?> main, int timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    return run(System.getProperty("java.class.path"), main, timeoutSeconds, args);
  }

  /** As {@link #run(Class, int, String...)}, with this class path. */
  List<String> run(String classPath, Class<?> main, int timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    return run(ChildJvm.command(classPath, main, jvmOptions, args), main.getSimpleName(),
        timeoutSeconds);
  }

  /** Runs the command; returns its "RESULT" lines, echoing the rest to our stdout. */
  List<String> run(ProcessBuilder command, String name, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = command
        .redirectErrorStream(true)
        .start();
    List<String> results = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("RESULT ")) {
            synchronized (results) {
              results.add(line);
            }
          } else {
            System.out.println("  | " + line);
          }
        }
      } catch (IOException e) {
        System.out.println("  | (output lost: " + e + ")");
      }
    }, name + "-output");
    reader.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IOException(name + " did not finish in " + timeoutSeconds + " s");
    }
    reader.join();
    if (process.exitValue() != 0 || results.isEmpty()) {
      throw new IOException(name + " failed with exit code " + process.exitValue());
    }
    return results;
  }
}
