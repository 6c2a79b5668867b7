package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Class-data sharing for worker JVMs: most of a worker's start is loading and verifying the
 * classes of the store (Chronicle Map's start-up), the same classes every time. A dynamic AppCDS
 * archive of them, made once per Java and class path, halves that.
 *
 * <p>The archive lives in the user's cache folder ({@code $XDG_CACHE_HOME/jray}, else
 * {@code ~/.cache/jray}, mode 0700), named by a hash of the Java, the worker's flags and class path
 * and a stamp of the class path's files (sizes and times), so a rebuilt jar gets a new archive and
 * the old one is removed. When it is missing, {@link #createInBackground} runs one training JVM
 * ({@code WorkerMain --dump-cds} with {@code -XX:ArchiveClassesAtExit}) detached and at the lowest
 * CPU priority, so it does not slow the workers that are starting; it writes a temporary file and
 * renames it into place, so a reader never sees half an archive, and a marker file keeps
 * concurrent drivers from training twice. Workers use the archive only if it exists, with
 * {@code -Xshare:auto}: the JVM checks it and quietly starts without it if it does not match.
 *
 * <p>The JVM cannot archive classes from a non-empty directory on the class path (an IDE's or
 * Maven's {@code target/classes}): then there is no archive. {@code -Djray.workerCds=false} turns
 * it off, as does any class-data-sharing option among the worker JVM options.
 */
final class WorkerCds {
  static final String ENABLED_PROPERTY = "jray.workerCds";
  /** A training run that has not finished after this long is taken to have died. */
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private final Path archive;
  private final Path pending;
  private final String prefix;

  private WorkerCds(Path archive, Path pending, String prefix) {
    this.archive = archive;
    this.pending = pending;
    this.prefix = prefix;
  }

  /**
   * Class-data sharing for workers started with these flags (everything before the main class)
   * and class path, or empty where it cannot or must not be used.
   */
  static Optional<WorkerCds> forWorkers(List<String> flags, String classPath, Path cacheDir) {
    if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))
        || flags.stream().anyMatch(WorkerCds::isSharingOption)) {
      return Optional.empty();
    }
    Optional<String> stamp = stampOf(classPath);
    if (stamp.isEmpty() || cacheDir == null) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(cacheDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException | UnsupportedOperationException e) {
      Log.debug("No class-data sharing for workers: cannot create {}: {}", cacheDir, e.toString());
      return Optional.empty();
    }
    String key = hash(String.join("\n", System.getProperty("java.home"),
        System.getProperty("java.vm.version"),
        // system properties do not change what the JVM archives
        String.join("\n", flags.stream().filter(flag -> !flag.startsWith("-D")).toList()),
        classPath));
    String prefix = "worker-" + key.substring(0, 16) + "-";
    String name = prefix + stamp.get().substring(0, 16);
    return Optional.of(new WorkerCds(cacheDir.resolve(name + ".jsa"),
        cacheDir.resolve(name + ".pending"), prefix));
  }

  /** {@code $XDG_CACHE_HOME/jray}, else {@code ~/.cache/jray}; null if neither is known. */
  static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()) {
      return Paths.get(xdg, "jray");
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() || home.equals("?") ? null
        : Paths.get(home, ".cache", "jray");
  }

  private volatile Process training;

  Path archive() {
    return archive;
  }

  /** The flags that make a worker use the archive: none until it exists. */
  List<String> launchFlags() {
    if (!Files.isRegularFile(archive)) {
      return List.of();
    }
    List<String> flags = new ArrayList<>(QUIET);
    flags.add("-XX:SharedArchiveFile=" + archive);
    return flags;
  }

  /**
   * Makes the archive, unless it exists or another driver is making it: starts the training JVM
   * (the worker's java, flags and class path) detached, at the lowest priority, and returns at
   * once. Never fails.
   */
  void createInBackground(String java, List<String> flags, String classPath) {
    if (Files.exists(archive) || !claim()) {
      return;
    }
    removeOtherStamps();
    String own = archive.getFileName() + "." + ProcessHandle.current().pid();
    Path temp = archive.resolveSibling(own + ".tmp");
    Path argFile = archive.resolveSibling(own + ".args");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(QUIET);
    command.add("-XX:ArchiveClassesAtExit=" + temp);
    command.addAll(flags);
    command.add("@" + argFile);
    command.add(WorkerMain.class.getName());
    command.add(WorkerMain.DUMP_CDS);
    // A child of ours at the lowest priority: it must not outlive the session (shutdown ends it,
    // and the next session trains again), and it renames its archive into place only if it
    // exited cleanly.
    command.add(0, "nice");
    command.add(1, "-n");
    command.add(2, "19");
    try {
      Files.writeString(argFile, WorkerLauncher.classPathArgs(classPath), StandardCharsets.UTF_8);
      Process training = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      training.getOutputStream().close();
      this.training = training;
      training.onExit().thenRun(() -> finishTraining(training, temp, argFile));
    } catch (IOException e) {
      Log.debug("Could not start the workers' class-data-sharing training: {}", e.toString());
      deleteQuietly(argFile);
      release();
    }
  }

  private void finishTraining(Process training, Path temp, Path argFile) {
    try {
      if (training.exitValue() == 0 && Files.isRegularFile(temp)) {
        Files.move(temp, archive, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      Log.debug("Could not put the class-data-sharing archive in place: {}", e.toString());
    } finally {
      deleteQuietly(temp);
      deleteQuietly(argFile);
      release();
    }
  }

  /** Ends a training run still under way: nothing of a session outlives its shutdown. */
  void stopTraining() {
    Process running = training;
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
      running.onExit().join();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Best effort: a leftover temp file is overwritten or ignored next time.
    }
  }

  /** Takes the marker that says a training run is under way; false if another one is. */
  private boolean claim() {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.createFile(pending);
        return true;
      } catch (FileAlreadyExistsException e) {
        try {
          FileTime made = Files.readAttributes(pending, BasicFileAttributes.class).lastModifiedTime();
          if (made.toInstant().plus(TRAINING_TIMEOUT).isAfter(Instant.now())) {
            return false;
          }
          Files.deleteIfExists(pending); // that run died: take over
        } catch (IOException gone) {
          // it just finished or was just taken over: try again
        }
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  private void release() {
    try {
      Files.deleteIfExists(pending);
    } catch (IOException e) {
      Log.debug("Could not remove {}: {}", pending, e.toString());
    }
  }

  /** Archives of the same Java and class path whose files have changed since: never usable. */
  private void removeOtherStamps() {
    String own = archive.getFileName().toString();
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(archive.getParent(),
        prefix + "*.jsa")) {
      for (Path path : stale) {
        if (!path.getFileName().toString().equals(own)) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      Log.debug("Could not remove old class-data archives: {}", e.toString());
    }
  }

  /** What a sharing option among the user's worker options would clash with. */
  private static boolean isSharingOption(String flag) {
    return flag.startsWith("-Xshare:off") || flag.startsWith("-Xshare:dump")
        || flag.contains("SharedArchiveFile") || flag.contains("ArchiveClassesAtExit")
        || flag.contains("AutoCreateSharedArchive");
  }

  /**
   * A hash of the class path's files' sizes and times, or empty if an entry is a non-empty
   * directory, which the JVM does not archive from.
   */
  static Optional<String> stampOf(String classPath) {
    StringBuilder stamp = new StringBuilder();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Paths.get(entry);
      try {
        if (Files.isDirectory(path)) {
          try (DirectoryStream<Path> contents = Files.newDirectoryStream(path)) {
            if (contents.iterator().hasNext()) {
              return Optional.empty();
            }
          }
        } else if (Files.exists(path)) {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
          stamp.append(entry).append(' ').append(attributes.size()).append(' ')
              .append(attributes.lastModifiedTime().toMillis());
        }
      } catch (IOException e) {
        return Optional.empty();
      }
      stamp.append('\n');
    }
    return Optional.of(hash(stamp.toString()));
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}
