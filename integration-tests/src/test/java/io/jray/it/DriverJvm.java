package io.jray.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A driver running in a JVM of its own, started by a test that talks to it through its stdin
 * and stdout. Closing it kills the driver and its workers, by pid, if they are still there.
 */
final class DriverJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final StringBuilder seen = new StringBuilder();
  private final Set<ProcessHandle> workers = new HashSet<>();

  private DriverJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static DriverJvm start(Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(JvmProcess.java().toString());
    command.addAll(JvmProcess.jrayFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new DriverJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  long pid() {
    return process.pid();
  }

  /** Reads the driver's output up to a line that starts with prefix; fails if it ends first. */
  String awaitLine(String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.startsWith(prefix)) {
        workers.addAll(process.descendants().collect(Collectors.toSet()));
        return line;
      }
    }
    throw new AssertionError("the driver ended without printing " + prefix + ":\n" + seen);
  }

  /** SIGKILL, as the kernel's OOM killer would; returns once it and its workers are gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitEnd();
  }

  /** Closes the driver's stdin, which tells it to shut down; returns once it has exited. */
  int stop() throws IOException, InterruptedException {
    process.getOutputStream().close();
    out.transferTo(Writer.nullWriter());
    awaitEnd();
    return process.exitValue();
  }

  private void awaitEnd() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("driver " + process.pid() + " did not exit");
    }
    for (ProcessHandle worker : workers) {
      try {
        worker.onExit().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("worker " + worker.pid() + " outlived its driver", e);
      }
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    workers.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
