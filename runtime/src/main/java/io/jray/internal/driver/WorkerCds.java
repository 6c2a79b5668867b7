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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Class-data sharing for worker JVMs: most of a worker's start is loading and verifying the
 * classes of the store (Chronicle Map's start-up), the same classes every time. A dynamic AppCDS
 * archive of them, made once per Java and class path, halves that. From Java 25 on it is an
 * ahead-of-time cache instead ({@code -XX:AOTCache}, JEP 483 and 515): its classes come loaded
 * and linked, and it holds the method profiles of the run that recorded it, so the JIT compiles
 * a worker's hot paths without profiling them again: its first calls run faster, not only its
 * start.
 *
 * <p>The archive lives in the user's cache folder ({@code $XDG_CACHE_HOME/jray}, else
 * {@code ~/.cache/jray}, mode 0700), named by a hash of the Java, the worker's flags and class path
 * and a stamp of the class path's files (sizes and times), so a rebuilt jar gets a new archive and
 * the old one is removed. When it is missing, the first worker of the session records it as it
 * exits ({@link #nextWorkerFlags}) into a temporary file that the driver renames into place, so a
 * reader never sees half an archive; a marker file with the recording driver's pid keeps
 * concurrent drivers from recording twice. Workers use the archive only if it exists, with
 * the JVM's default {@code -Xshare:auto}: the JVM checks it and quietly starts without it if it
 * does not match. An ahead-of-time cache is made in two steps: the recording worker writes its
 * configuration as it exits ({@code -XX:AOTMode=record}), and the driver then runs a short JVM
 * that turns it into the cache ({@code -XX:AOTMode=create}), so every process of it is the
 * driver's own and its output is not the user's.
 *
 * <p>The JVM cannot archive classes from a non-empty directory on the class path (an IDE's or
 * Maven's {@code target/classes}): workers get a jar copy of each instead ({@link ClassDirJars}).
 * {@code Tuning.workerClassDataSharing(false)} (whose default {@code -Djray.workerCds=false} sets)
 * turns both off, as does any class-data-sharing option among the worker JVM options.
 */
final class WorkerCds {
  /** A marker whose driver pid cannot be read after this long was left by a crash. */
  private static final Duration UNREADABLE_MARKER_TIMEOUT = Duration.ofSeconds(30);
  /** An archive no session has used for this long is removed when another is recorded. */
  private static final Duration UNUSED_ARCHIVE_AGE = Duration.ofDays(14);
  /** How long the JVM that makes an ahead-of-time cache may take; a second or two is usual. */
  private static final Duration ASSEMBLY_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  /** Java 25's cache logs under its own tag, which older JVMs reject. */
  private static final List<String> QUIET_AOT = List.of("-Xlog:cds=off", "-Xlog:aot=off");

  private final Path archive;
  private final Path pending;
  private final String prefix;
  /** An ahead-of-time cache (Java 25 on) rather than a dynamic archive. */
  private final boolean aotCache;
  /** The workers' flags and class path: what a cache is made with. */
  private final List<String> workerFlags;
  private final String classPath;

  private WorkerCds(Path archive, Path pending, String prefix, boolean aotCache,
      List<String> workerFlags, String classPath) {
    this.archive = archive;
    this.pending = pending;
    this.prefix = prefix;
    this.aotCache = aotCache;
    this.workerFlags = workerFlags;
    this.classPath = classPath;
  }

  /** Whether workers of this Java get an ahead-of-time cache rather than a dynamic archive. */
  static boolean aotCacheByDefault() {
    return Runtime.version().feature() >= 25;
  }

  /**
   * Class-data sharing for workers started with these flags (everything before the main class)
   * and class path, or empty where it cannot or must not be used.
   */
  static Optional<WorkerCds> forWorkers(List<String> flags, String classPath, Path cacheDir) {
    return forWorkers(flags, classPath, cacheDir, aotCacheByDefault());
  }

  /** As {@link #forWorkers(List, String, Path)}, with an ahead-of-time cache or not. */
  static Optional<WorkerCds> forWorkers(List<String> flags, String classPath, Path cacheDir,
      boolean aotCache) {
    Optional<String> stamp = stampOf(classPath);
    if (!enabledFor(flags) || stamp.isEmpty() || !created(cacheDir)) {
      return Optional.empty();
    }
    String key = hash(String.join("\n", System.getProperty("java.home"),
        System.getProperty("java.vm.version"),
        // system properties do not change what the JVM archives
        String.join("\n", flags.stream().filter(flag -> !flag.startsWith("-D")).toList()),
        classPath));
    String prefix = "worker-" + key.substring(0, 16) + "-";
    String name = prefix + stamp.get().substring(0, 16);
    return Optional.of(new WorkerCds(cacheDir.resolve(name + (aotCache ? ".aot" : ".jsa")),
        cacheDir.resolve(name + ".pending"), prefix, aotCache, List.copyOf(flags), classPath));
  }

  /**
   * Whether workers with these flags may share class data: not if the flags say how, nor beside
   * an agent (a debugger's, a profiler's), since Java 17 refuses to record an archive with any
   * agent loaded, and Java 25's cache refuses a Java agent that it was not made with; nor with a
   * flight recording, which the JVM turns off in the worker that records (and says so on the
   * user's console), so that a profiled session would miss that worker.
   */
  static boolean enabledFor(List<String> flags) {
    return enabledFor(flags, System.getenv());
  }

  /**
   * As {@link #enabledFor(List)}, where {@code env} is the workers' environment: the JVM also
   * takes options from {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}, where APM agents
   * are often set.
   */
  static boolean enabledFor(List<String> flags, Map<String, String> env) {
    List<String> all = new ArrayList<>(flags);
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      String options = env.getOrDefault(variable, "").trim();
      if (!options.isEmpty()) {
        all.addAll(List.of(options.split("\\s+")));
      }
    }
    return all.stream().noneMatch(flag -> isSharingOption(flag) || isAgent(flag)
        || flag.startsWith("-XX:StartFlightRecording"));
  }

  /** Makes the cache folder, private to the user, if it is missing; false if it cannot be. */
  static boolean created(Path cacheDir) {
    if (cacheDir == null) {
      return false;
    }
    try {
      Files.createDirectories(cacheDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      Log.debug("No class-data sharing for workers: cannot create {}: {}", cacheDir, e.toString());
      return false;
    }
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

  /** The worker recording the archive at its exit, and the file it writes; guarded by this. */
  private Process recorder;
  private Path recording;
  /** Completes once the recorder's archive is in place (or given up): set while it is placed. */
  private CompletableFuture<Void> placing;
  private boolean markedUsed;

  Path archive() {
    return archive;
  }

  /**
   * The flags for the next worker: the archive's once it exists. Until then, one worker at a time
   * (on this machine, by the marker file) records it: it runs with {@code -XX:ArchiveClassesAtExit}
   * and writes the archive when it exits, which costs it about a second then and nothing before.
   * A real worker records what workers load, with no extra process; a training JVM beside the
   * workers would compete with them for the cores, and shutdown would end it unfinished in every
   * short session.
   */
  synchronized Flags nextWorkerFlags() {
    List<String> flags = new ArrayList<>(aotCache ? QUIET_AOT : QUIET);
    if (Files.isRegularFile(archive)) {
      flags.add((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
      markUsed();
      return new Flags(flags, null);
    }
    if (recording != null || !claim()) {
      return new Flags(List.of(), null);
    }
    removeLeftovers();
    recording = archive.resolveSibling(archive.getFileName() + "."
        + ProcessHandle.current().pid() + ".tmp");
    flags.add("-D" + WorkerMain.RECORDS_ARCHIVE_PROPERTY + "=true");
    if (aotCache) {
      flags.add("-XX:AOTMode=record");
      flags.add("-XX:AOTConfiguration=" + configurationOf(recording));
      // It would say where it wrote the configuration, on stdout, which is the user's console.
      flags.add("-XX:+UnlockDiagnosticVMOptions");
      flags.add("-XX:-DisplayVMOutput");
    } else {
      flags.add("-XX:ArchiveClassesAtExit=" + recording);
    }
    return new Flags(flags, recording);
  }

  /** Dates the archive's last use, once a session: archives of class paths gone stale age out. */
  private void markUsed() {
    if (!markedUsed) {
      markedUsed = true;
      try {
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
      } catch (IOException e) {
        Log.debug("Could not date {}: {}", archive, e.toString());
      }
    }
  }

  /** A worker's extra flags, and the archive it writes at exit (null if it records none). */
  record Flags(List<String> flags, Path recording) {}

  /** The worker given {@code flags} started: if it records, its archive goes in place at exit. */
  synchronized void started(Flags flags, Process process) {
    if (flags.recording() != null) {
      recorder = process;
      process.onExit().thenRun(() -> recorderExited(process));
    }
  }

  /** The worker given {@code flags} could not start: another may record. */
  void notStarted(Flags flags) {
    if (flags.recording() != null) {
      endRecording(flags.recording());
    }
  }

  /** Whether this worker writes the archive at exit: shutdown gives it time to. */
  synchronized boolean isRecorder(Process process) {
    return recorder == process;
  }

  /**
   * Puts the archive of a recorder that has exited in place. Runs when it exits, and again from
   * shutdown, which must not return before the archive is in place (the JVM may exit next).
   */
  void recorderExited(Process process) {
    Path written;
    CompletableFuture<Void> placed;
    synchronized (this) {
      if (process != recorder || process.isAlive()) {
        return;
      }
      written = recording;
      if (placing != null) {
        placed = placing; // its exit is being handled: wait until the archive is in place
      } else {
        placing = new CompletableFuture<>();
        placed = null;
      }
    }
    if (placed != null) {
      placed.join();
      return;
    }
    // Not under the lock: making a cache takes a JVM a second or two, and a worker starting
    // meanwhile must not wait for it.
    try {
      // 0 is a worker told to stop; a killed or failed one may have written half an archive.
      if (process.exitValue() == 0 && (!aotCache || assembled(written))
          && Files.isRegularFile(written)) {
        Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      Log.debug("Could not put the class-data-sharing archive in place: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      endRecording(written);
    }
  }

  /** Where a recording worker writes the configuration an ahead-of-time cache is made from. */
  private static Path configurationOf(Path recording) {
    return recording.resolveSibling(recording.getFileName() + ".conf.tmp");
  }

  /**
   * Makes the ahead-of-time cache {@code cache} from the configuration its recorder wrote, with
   * a JVM of the workers' own flags and class path; true if it did. Its output is kept from the
   * user's console, and it is ended if it takes too long.
   */
  private boolean assembled(Path cache) throws IOException, InterruptedException {
    Path configuration = configurationOf(cache);
    if (!Files.isRegularFile(configuration) || Files.size(configuration) == 0) {
      return false;
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : workerFlags) {
      if (!isObservingOption(flag)) {
        command.add(flag);
      }
    }
    command.addAll(QUIET_AOT);
    command.add("-XX:AOTMode=create");
    command.add("-XX:AOTConfiguration=" + configuration);
    command.add("-XX:AOTCache=" + cache);
    // The class path goes in an argument file: a project's may be longer than one argument may.
    Path arguments = cache.resolveSibling(cache.getFileName() + ".args.tmp");
    Files.writeString(arguments, WorkerLauncher.classPathArgs(classPath), StandardCharsets.UTF_8);
    command.add("@" + arguments);
    Process assembler = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!assembler.waitFor(ASSEMBLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        Log.debug("Making the workers' ahead-of-time cache took over {}: left for next time",
            ASSEMBLY_TIMEOUT);
        return false;
      }
      return assembler.exitValue() == 0;
    } finally {
      if (assembler.isAlive()) {
        assembler.destroyForcibly();
        assembler.waitFor(5, TimeUnit.SECONDS);
      }
      deleteQuietly(arguments);
    }
  }

  private synchronized void endRecording(Path written) {
    deleteQuietly(written);
    deleteQuietly(configurationOf(written));
    if (written.equals(recording)) {
      recording = null;
      recorder = null;
      release();
    }
    if (placing != null) {
      placing.complete(null);
      placing = null;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Best effort: a leftover temp file is removed by the next recording.
    }
  }

  /** Takes the marker that says a recording is under way; false if a live driver holds it. */
  private boolean claim() {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.createFile(pending);
        Files.writeString(pending, Long.toString(ProcessHandle.current().pid()));
        return true;
      } catch (FileAlreadyExistsException e) {
        try {
          if (heldByLiveDriver()) {
            return false;
          }
          Files.deleteIfExists(pending); // its driver died: take over
        } catch (IOException gone) {
          // it just finished or was just taken over: try again
        }
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  private boolean heldByLiveDriver() throws IOException {
    String content = Files.readString(pending).trim();
    try {
      return ProcessHandle.of(Long.parseLong(content)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      // Being written just now, or left half-written by a crash.
      FileTime made = Files.readAttributes(pending, BasicFileAttributes.class).lastModifiedTime();
      return made.toInstant().plus(UNREADABLE_MARKER_TIMEOUT).isAfter(Instant.now());
    }
  }

  private void release() {
    try {
      Files.deleteIfExists(pending);
    } catch (IOException e) {
      Log.debug("Could not remove {}: {}", pending, e.toString());
    }
  }

  /**
   * Archives of the same Java and class path whose files have changed since (never usable), what
   * recordings of this archive left when their driver died, and archives of any class path that
   * no session has used for {@link #UNUSED_ARCHIVE_AGE} (a test's temporary jars, an old
   * version). Called holding the marker.
   */
  private void removeLeftovers() {
    String own = archive.getFileName().toString();
    Instant unusedSince = Instant.now().minus(UNUSED_ARCHIVE_AGE);
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(archive.getParent(),
        "worker-*.{jsa,aot,tmp}")) {
      for (Path path : stale) {
        String name = path.getFileName().toString();
        boolean ours = name.startsWith(prefix);
        boolean leftover = name.endsWith(".tmp") ? name.startsWith(own + ".") : !name.equals(own);
        if (ours ? leftover : (name.endsWith(".jsa") || name.endsWith(".aot"))
            && Files.getLastModifiedTime(path).toInstant().isBefore(unusedSince)) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      Log.debug("Could not remove old class-data archives: {}", e.toString());
    }
  }

  /**
   * Whether a worker option watches the worker rather than shapes it (logs, recordings): the
   * JVM that makes the cache leaves it out, so that only workers write the user's logs. (With an
   * agent there is no cache: {@link #enabledFor}.)
   */
  private static boolean isObservingOption(String flag) {
    return flag.startsWith("-Xlog") || flag.startsWith("-verbose")
        || flag.startsWith("-XX:FlightRecorder");
  }

  private static boolean isAgent(String flag) {
    return flag.startsWith("-agentlib") || flag.startsWith("-agentpath")
        || flag.startsWith("-javaagent");
  }

  /** What a sharing option among the user's worker options would clash with. */
  private static boolean isSharingOption(String flag) {
    return flag.startsWith("-Xshare:") // even auto: Java 25 takes no cache beside it
        || flag.contains("SharedArchiveFile") || flag.contains("ArchiveClassesAtExit")
        || flag.contains("AutoCreateSharedArchive") || flag.startsWith("-XX:AOT");
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

  /** SHA-256 of text, in hex: names in the cache folder. */
  static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}
