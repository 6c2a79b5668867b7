package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers' class-data sharing, end to end: a program leaves an archive in the user's cache after
 * its first, short session, and the next session's workers load the store's classes from it;
 * whether it runs from jars or, as in an IDE, with folders of classes (which workers get as jars,
 * since the JVM archives no classes from a directory). From Java 25 on the archive is an
 * ahead-of-time cache, which the driver makes from the configuration its first worker records.
 */
class WorkerCdsIT {
  /** A JVMTI agent that every JDK has, listening on a loopback port of the system's choosing. */
  static final String DEBUGGER_AGENT =
      "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";

  @TempDir Path dir;

  @Test
  void aShortSessionLeavesAnArchiveThatTheNextSessionsWorkersUse() throws Exception {
    firstSessionRecordsSecondUses(jarsOnlyClassPath(), 0);
  }

  /** An IDE's or Maven's class path, with target/classes: workers get a jar copy of each folder. */
  @Test
  void directoriesOnTheClassPathAreSharedToo() throws Exception {
    String classPath = System.getProperty("java.class.path");
    long folders = Stream.of(classPath.split(File.pathSeparator)).map(Paths::get)
        .filter(Files::isDirectory).count();
    assertTrue(folders > 0, "this test runs from a class path with folders: " + classPath);
    firstSessionRecordsSecondUses(classPath, folders);
  }

  /**
   * A debugger's agent in the workers' options: Java 17 refuses to record an archive beside it
   * (the recording worker used to fail to start), so workers with an agent share nothing.
   */
  @Test
  void workersWithAnAgentStartWithoutAnArchive() throws Exception {
    runsWithoutAnArchive(true);
  }

  /** The same agent in JAVA_TOOL_OPTIONS, where the JVM also takes it from, as APM tools do. */
  @Test
  void anAgentInJavaToolOptionsToo() throws Exception {
    runsWithoutAnArchive(false);
  }

  private void runsWithoutAnArchive(boolean asWorkerOption) throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    for (int session = 0; session < 2; session++) {
      List<String> command = new ArrayList<>();
      command.add(JvmProcess.java().toString());
      command.addAll(JvmProcess.jrayFlags());
      command.add("-cp");
      command.add(jarsOnlyClassPath());
      command.add(CdsDriver.class.getName());
      Map<String, String> env = new HashMap<>(Map.of("XDG_CACHE_HOME", cache.toString()));
      if (asWorkerOption) {
        command.add(DEBUGGER_AGENT);
      } else {
        env.put("JAVA_TOOL_OPTIONS", DEBUGGER_AGENT);
      }
      JvmProcess.Result result = JvmProcess.run(command, null, env);
      assertEquals(0, result.exitCode(), result.output());
      assertTrue(result.output().contains("sum 5"), result.output());
      assertTrue(result.output().contains("Listening for transport dt_socket"),
          "the worker ran its agent: " + result.output());
      Path cached = cache.resolve("jray");
      assertTrue(!Files.exists(cached) || filesIn(cached).stream()
          .noneMatch(name -> name.endsWith(ClassArchives.SUFFIX)), "no archive");
    }
  }

  private void firstSessionRecordsSecondUses(String classPath, long folders) throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path logs = Files.createDirectory(dir.resolve("logs"));

    // The first session's task never uses the store; the recorder rehearses it as it exits.
    JvmProcess.Result first = runDriver(classPath, cache, logs);
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("sum 5"), first.output());
    List<String> cached = filesIn(cache.resolve("jray"));
    assertEquals(1, cached.stream().filter(name -> name.endsWith(ClassArchives.SUFFIX)).count(),
        "one archive: " + cached);
    assertEquals(folders, cached.stream().filter(name -> name.endsWith(".jar")).count(),
        "a jar per folder: " + cached);
    assertEquals(folders + 1, cached.size(), "nothing else: " + cached);
    List<String> firstLogs = filesIn(logs);
    assertEquals(0, sharedStoreClasses(logs, firstLogs), "the first session had no archive");

    JvmProcess.Result second = runDriver(classPath, cache, logs, CdsDriver.FROM_STORE);
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("sum 5"), second.output());
    List<String> secondLogs = filesIn(logs);
    secondLogs.removeAll(firstLogs);
    assertTrue(sharedStoreClasses(logs, secondLogs) > 100,
        "the second session's worker loads Chronicle Map's classes from the archive");
    assertEquals(cached, filesIn(cache.resolve("jray")), "the same archive and jars, reused");
  }

  private JvmProcess.Result runDriver(String classPath, Path cache, Path logs, String... mode)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(JvmProcess.java().toString());
    command.addAll(JvmProcess.jrayFlags());
    command.add("-cp");
    command.add(classPath);
    command.add(CdsDriver.class.getName());
    command.addAll(List.of(mode));
    // Where each worker's classes came from: the same option in both sessions, since the
    // worker's flags name the archive.
    command.add("-Xlog:class+load:file=" + logs + "/classes-%p.log");
    return JvmProcess.run(command, null, Map.of("XDG_CACHE_HOME", cache.toString()));
  }

  /** How many Chronicle classes the session's workers loaded from the archive. */
  private static long sharedStoreClasses(Path logs, List<String> names) throws IOException {
    long count = 0;
    for (String log : names) {
      try (Stream<String> lines = Files.lines(logs.resolve(log))) {
        count += lines.filter(line -> line.contains("net.openhft.chronicle")
            && line.endsWith(ClassArchives.LOADED_FROM_ARCHIVE)).count();
      }
    }
    return count;
  }

  /** This test's class path with each directory (test classes and the like) packed in a jar. */
  private String jarsOnlyClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    int packed = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Paths.get(entry);
      if (Files.isDirectory(path)) {
        Path jar = dir.resolve("classes-" + packed++ + ".jar");
        pack(path, jar);
        entries.add(jar.toString());
      } else if (Files.isRegularFile(path)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void pack(Path folder, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> tree = Files.walk(folder)) {
      for (Path path : tree.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(folder.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }

  private static List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
