package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jray run}, end to end: a driver run from a Maven project's class path (folders of
 * classes and jars) records a class-data archive of its own classes at its first exit, the next
 * run loads jray's and Chronicle's classes from it, and a changed folder of classes is packed and
 * recorded again. From Java 25 on the archive is an ahead-of-time cache.
 */
class DriverArchiveIT {
  private static final Path LAUNCHER = Paths.get("..", "bin", "jray").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void theFirstRunRecordsAnArchiveTheNextLoadsFromAndAChangeRecordsAgain() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path extra = Files.createDirectory(dir.resolve("extra-classes"));
    Files.writeString(extra.resolve("note.txt"), "a resource in a folder of the class path");
    String classPath = System.getProperty("java.class.path") + File.pathSeparator + extra;

    JvmProcess.Result first = run(classPath, cache, null);
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("sum 5"), first.output());
    List<Path> archives = cached(cache, "driver-", ClassArchives.SUFFIX);
    assertEquals(1, archives.size(), "one driver archive: " + filesIn(cache));
    // The JVM archives nothing if a folder of classes is on the class path: each is a jar.
    Path jarOfExtra = cache.resolve("jray")
        .resolve("driver-classes-" + extra.toAbsolutePath().toString().replace('/', '_') + ".jar");
    assertTrue(Files.isRegularFile(jarOfExtra), "the folder's jar: " + filesIn(cache));
    FileTime recorded = Files.getLastModifiedTime(archives.get(0));

    Path log = dir.resolve("second.log");
    // This run stores an object, which the first never did: the first rehearsed the store as it
    // shut down, recording, so its classes are in the archive all the same.
    JvmProcess.Result second = run(classPath, cache, log, CdsDriver.FROM_STORE);
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("sum 5"), second.output());
    assertTrue(sharedClasses(log, "net.openhft.chronicle.map") > 30,
        "the driver maps Chronicle Map's classes from the archive");
    assertTrue(sharedClasses(log, "net.openhft.chronicle") > 300,
        "and Chronicle's others");
    assertTrue(sharedClasses(log, "io.jray.internal") > 100,
        "and jray's own, from the jar of its folder or its jar");
    assertEquals(archives, cached(cache, "driver-", ClassArchives.SUFFIX),
        "the same archive, used");

    // A build changes a folder: its jar is made again, and so is the archive.
    FileTime packed = Files.getLastModifiedTime(jarOfExtra);
    Path added = extra.resolve("added.txt");
    Files.writeString(added, "new");
    Files.setLastModifiedTime(added, FileTime.from(Instant.now().plusSeconds(2)));
    JvmProcess.Result third = run(classPath, cache, null);
    assertEquals(0, third.exitCode(), third.output());
    assertTrue(third.output().contains("sum 5"), third.output());
    assertNotEquals(packed, Files.getLastModifiedTime(jarOfExtra), "the folder was packed again");
    assertTrue(Files.getLastModifiedTime(archives.get(0)).compareTo(recorded) > 0,
        "the archive was recorded again");
    assertEquals(List.of(), cached(cache, "", ".tmp"), "no recording left half-written");
  }

  @Test
  void theProgramsExitCodeAndArgumentsPassThrough() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    List<String> command = List.of(LAUNCHER.toString(), "run", "-cp",
        System.getProperty("java.class.path"), "-Dprobe=1", ExitWith.class.getName(), "7",
        "two words");
    JvmProcess.Result result = JvmProcess.run(command, null, launcherEnv(cache));
    assertEquals(7, result.exitCode(), result.output());
    assertTrue(result.output().contains("args [7, two words], probe 1"), result.output());
    assertEquals(List.of(), cached(cache, "driver-", ClassArchives.SUFFIX),
        "a run that failed leaves no archive");
  }

  /**
   * A debugger's agent, as an option and in JAVA_TOOL_OPTIONS: Java 17 refuses to record an
   * archive beside it, so none is used.
   */
  @Test
  void aProgramWithAnAgentRunsWithoutAnArchive() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    List<String> command = List.of(LAUNCHER.toString(), "run", WorkerCdsIT.DEBUGGER_AGENT, "-cp",
        System.getProperty("java.class.path"), ExitWith.class.getName(), "0");
    List<String> withoutOption = new ArrayList<>(command);
    withoutOption.remove(WorkerCdsIT.DEBUGGER_AGENT);
    Map<String, String> toolOptions = new HashMap<>(launcherEnv(cache));
    toolOptions.put("JAVA_TOOL_OPTIONS", WorkerCdsIT.DEBUGGER_AGENT);
    for (int run = 0; run < 4; run++) {
      JvmProcess.Result result = run < 2 ? JvmProcess.run(command, null, launcherEnv(cache))
          : JvmProcess.run(withoutOption, null, toolOptions);
      assertEquals(0, result.exitCode(), result.output());
      assertTrue(result.output().contains("Listening for transport dt_socket"), result.output());
      assertTrue(result.output().contains("args [0], probe null"), result.output());
      assertEquals(List.of(), cached(cache, "driver-", ClassArchives.SUFFIX), "no archive");
    }
  }

  @Test
  void aJarWithAMainClassRunsWithItsArchiveToo() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path jar = dir.resolve("app.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ExitWith.class.getName());
    String entry = ExitWith.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        InputStream in = ExitWith.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
    }
    List<String> command = List.of(LAUNCHER.toString(), "run", "-Dprobe=2", "-jar",
        jar.toString(), "0", "x");
    for (int run = 0; run < 2; run++) {
      JvmProcess.Result result = JvmProcess.run(command, null, launcherEnv(cache));
      assertEquals(0, result.exitCode(), result.output());
      assertTrue(result.output().contains("args [0, x], probe 2"), result.output());
      assertEquals(1, cached(cache, "driver-", ClassArchives.SUFFIX).size(),
          "its archive: " + filesIn(cache));
    }
  }

  /** Prints its arguments and the probe property, then exits with its first argument. */
  public static final class ExitWith {
    private ExitWith() {}

    public static void main(String[] args) {
      System.out.println("args " + List.of(args) + ", probe " + System.getProperty("probe"));
      System.exit(Integer.parseInt(args[0]));
    }
  }

  /** bin/jray run of CdsDriver; with {@code log}, the driver logs where each class came from. */
  private static JvmProcess.Result run(String classPath, Path cache, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "run", "-cp", classPath));
    if (log != null) {
      command.add("-Xlog:class+load:file=" + log);
    }
    command.add(CdsDriver.class.getName());
    command.addAll(List.of(args));
    return JvmProcess.run(command, null, launcherEnv(cache));
  }

  /** The launcher's cache folder, and this test's Java for it to run. */
  private static Map<String, String> launcherEnv(Path cache) {
    return Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_HOME",
        System.getProperty("java.home"));
  }

  private static long sharedClasses(Path log, String prefix) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(" " + prefix)
          && line.endsWith(ClassArchives.LOADED_FROM_ARCHIVE)).count();
    }
  }

  private static List<Path> cached(Path cache, String prefix, String suffix) throws IOException {
    Path jray = cache.resolve("jray");
    if (!Files.isDirectory(jray)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(jray)) {
      return files.filter(file -> file.getFileName().toString().startsWith(prefix)
              && file.getFileName().toString().endsWith(suffix))
          .sorted().collect(Collectors.toList());
    }
  }

  private static List<String> filesIn(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache.resolve("jray"))) {
      return files.map(file -> file.getFileName().toString()).sorted()
          .collect(Collectors.toList());
    }
  }
}
