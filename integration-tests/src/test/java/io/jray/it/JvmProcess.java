package io.jray.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a fresh JVM, as a user would, and collects what it prints. */
final class JvmProcess {
  private JvmProcess() {}

  /** The flags jray's README tells users to start their JVM with. */
  static List<String> jrayFlags() {
    return Arrays.asList(System.getProperty("jray.jvm.flags").trim().split("\\s+"));
  }

  static Path java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java");
  }

  /** Runs {@code java <flags> -cp <this test's class path> main args}; fails on a timeout. */
  static Result runMain(List<String> jvmFlags, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java().toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return run(command, null, Map.of());
  }

  static Result run(List<String> command, Path directory, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process = builder.start();
    byte[] output;
    try {
      output = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        throw new AssertionError("timed out: " + command);
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {}
}
