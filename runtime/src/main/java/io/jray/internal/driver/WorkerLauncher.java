package io.jray.internal.driver;

import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.Tuning;
import io.jray.internal.CallTrace;
import io.jray.internal.resources.ResourceSet;
import io.jray.internal.store.ChroniclePreflight;
import io.jray.internal.worker.TuningArgs;
import io.jray.internal.worker.WorkerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts worker JVMs: the driver's own java, class path and the flags the store needs, plus the
 * user's options, and a class-data-sharing archive once there is one ({@link WorkerCds}), for
 * which the class path's directories become jars ({@link ClassDirJars}). The class path goes in
 * an argument file, since a test's can be very long; the worker's share of the session's
 * {@link Tuning} goes on its command line ({@link TuningArgs}).
 */
final class WorkerLauncher {
  private final Path sessionDir;
  private final Path socket;
  private final String secret;
  private final List<String> jvmOptions;
  private final RayConfig.LogLevel logLevel;
  private final Tuning tuning;
  private final Path argFile;
  private final Optional<WorkerCds> cds;
  /** The node's capacity, for the runtime context of the code workers run. */
  private final ResourceSet capacity;
  private final boolean ownerKeepsSmallResults;

  /**
   * {@code ownerKeepsSmallResults}: this driver keeps its calls' small values in its own memory
   * (see {@code WorkerMain.OWNER_KEEPS_PROPERTY}); a cluster's job host does not.
   */
  WorkerLauncher(Path sessionDir, Path socket, String secret, RayConfig config,
      ResourceSet capacity, boolean ownerKeepsSmallResults) {
    this.ownerKeepsSmallResults = ownerKeepsSmallResults;
    this.capacity = capacity;
    this.sessionDir = sessionDir;
    this.socket = socket;
    this.secret = secret;
    this.jvmOptions = config.workerJvmOptions();
    this.logLevel = config.logLevel();
    this.tuning = config.tuning();
    this.argFile = sessionDir.resolve("worker-classpath.args");
    List<String> flags = flags();
    Path cacheDir = WorkerCds.defaultCacheDir();
    String classPath = ClassPath.ofThisProcess();
    boolean sharing = tuning.workerClassDataSharing() && WorkerCds.enabledFor(flags);
    if (sharing && WorkerCds.created(cacheDir)) {
      classPath = ClassDirJars.forWorkers(classPath, cacheDir);
    }
    try {
      Files.writeString(argFile, classPathArgs(classPath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RayException("Cannot write " + argFile + ": " + e, e);
    }
    this.cds = sharing ? WorkerCds.forWorkers(flags, classPath, cacheDir) : Optional.empty();
  }

  /** Whether this worker writes the class-data archive as it exits: it needs a moment then. */
  boolean recordsArchive(Process worker) {
    return cds.map(sharing -> sharing.isRecorder(worker)).orElse(false);
  }

  /** A worker has exited: if it recorded the class-data archive, the archive goes in place. */
  void exited(Process worker) {
    cds.ifPresent(sharing -> sharing.recorderExited(worker));
  }

  /** Starts a worker; an actor's host holding GPUs gets their ids in CUDA_VISIBLE_DEVICES. */
  Process launch(int tag, int[] gpuIds) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(flags());
    WorkerCds.Flags sharing = cds.map(WorkerCds::nextWorkerFlags)
        .orElse(new WorkerCds.Flags(List.of(), null));
    command.addAll(sharing.flags());
    command.add("-D" + WorkerMain.LOG_LEVEL_PROPERTY + "=" + logLevel);
    if (CallTrace.ON) {
      command.add(CallTrace.workerOption());
    }
    command.add("@" + argFile);
    command.add(WorkerMain.class.getName());
    command.add(sessionDir.toString());
    command.add(socket.toString());
    command.add(Integer.toString(tag));
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.addAll(TuningArgs.of(tuning));
    command.add(WorkerMain.CAPACITY_ARG + capacity.toSpec());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(WorkerMain.SECRET_ENV, secret);
    if (gpuIds.length > 0) {
      builder.environment().put(WorkerMain.CUDA_VISIBLE_DEVICES, java.util.Arrays.stream(gpuIds)
          .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",")));
    }
    try {
      Process process = builder.start();
      cds.ifPresent(owner -> owner.started(sharing, process));
      return process;
    } catch (IOException e) {
      cds.ifPresent(owner -> owner.notStarted(sharing));
      throw new RayException("Cannot start a worker JVM (" + command.get(0) + "): " + e, e);
    }
  }

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The worker JVM's flags that are the same for every worker of every session. */
  private List<String> flags() {
    List<String> flags = new ArrayList<>(ChroniclePreflight.requiredJvmFlags());
    // Workers are small, short-lived JVMs: the serial collector starts fastest and uses least.
    flags.add("-XX:+UseSerialGC");
    // The driver already said it if no SLF4J binding is there; workers need not say it again.
    flags.add("-Dslf4j.internal.verbosity=ERROR");
    if (ownerKeepsSmallResults) {
      flags.add("-D" + WorkerMain.OWNER_KEEPS_PROPERTY + "=true");
    }
    flags.addAll(jvmOptions);
    return flags;
  }

  /** A java launcher argument file that sets the class path. */
  static String classPathArgs(String classPath) {
    return "-cp " + quote(classPath) + "\n";
  }

  /** Quotes for a java launcher argument file, where backslash escapes. */
  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
