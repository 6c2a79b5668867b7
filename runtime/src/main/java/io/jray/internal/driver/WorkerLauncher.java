package io.jray.internal.driver;

import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.internal.store.ChroniclePreflight;
import io.jray.internal.worker.WorkerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts worker JVMs: the driver's own java, class path and the flags the store needs, plus the
 * user's options. The class path goes in an argument file, since a test's can be very long.
 */
final class WorkerLauncher {
  private final Path sessionDir;
  private final Path socket;
  private final String secret;
  private final List<String> jvmOptions;
  private final RayConfig.LogLevel logLevel;
  private final Path argFile;

  WorkerLauncher(Path sessionDir, Path socket, String secret, RayConfig config) {
    this.sessionDir = sessionDir;
    this.socket = socket;
    this.secret = secret;
    this.jvmOptions = config.workerJvmOptions();
    this.logLevel = config.logLevel();
    this.argFile = sessionDir.resolve("worker-classpath.args");
    try {
      Files.writeString(argFile, "-cp " + quote(ClassPath.ofThisProcess()) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RayException("Cannot write " + argFile + ": " + e, e);
    }
  }

  Process launch(int tag) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ChroniclePreflight.requiredJvmFlags());
    // Workers are small, short-lived JVMs: the serial collector starts fastest and uses least.
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    // The driver already said it if no SLF4J binding is there; workers need not say it again.
    command.add("-Dslf4j.internal.verbosity=ERROR");
    command.add("-D" + WorkerMain.LOG_LEVEL_PROPERTY + "=" + logLevel);
    command.addAll(jvmOptions);
    command.add("@" + argFile);
    command.add(WorkerMain.class.getName());
    command.add(sessionDir.toString());
    command.add(socket.toString());
    command.add(Integer.toString(tag));
    command.add(Long.toString(ProcessHandle.current().pid()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(WorkerMain.SECRET_ENV, secret);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new RayException("Cannot start a worker JVM (" + command.get(0) + "): " + e, e);
    }
  }

  /** Quotes for a java launcher argument file, where backslash escapes. */
  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
