package io.jray.internal.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A second JVM running {@link StoreChild}, with the same java binary and class path as this one. */
final class ChildJvm implements AutoCloseable {
  private final Process process;

  private ChildJvm(Process process) {
    this.process = process;
  }

  static ChildJvm start(List<String> jvmFlags, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StoreChild.class.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Runs StoreChild with jray's flags and returns its output, failing unless it succeeds. */
  static String run(String... args) throws Exception {
    return run(ChroniclePreflight.requiredJvmFlags(), args);
  }

  /** Like {@link #run(String...)}, with every class the child loads in its output. */
  static String runLoggingClassLoads(String... args) throws Exception {
    return run(classLoadLoggingFlags(), args);
  }

  /** jray's flags, and every class the child loads in its output. */
  static List<String> classLoadLoggingFlags() {
    List<String> flags = new ArrayList<>(ChroniclePreflight.requiredJvmFlags());
    flags.add("-Xlog:class+load=info");
    return flags;
  }

  private static String run(List<String> jvmFlags, String... args) throws Exception {
    try (ChildJvm child = start(jvmFlags, args)) {
      String output = child.await();
      if (child.process.exitValue() != 0 || !output.contains("OK")) {
        throw new AssertionError("child failed: " + output);
      }
      return output;
    }
  }

  /** Waits for the child to exit (at most a minute) and returns what it printed. */
  String await() throws Exception {
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("child did not exit");
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  /** The child's output (stdout and stderr), line by line, for a test that reads as it runs. */
  BufferedReader output() {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** SIGKILL, and waits until the child is gone (reaped, so it no longer counts as alive). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " survived SIGKILL");
    }
  }

  /** Waits for the child to exit (at most a minute) and returns its exit value. */
  int waitFor() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("child did not exit");
    }
    return process.exitValue();
  }

  int exitValue() {
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
