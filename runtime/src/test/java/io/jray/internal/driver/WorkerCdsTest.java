package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCdsTest {
  private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Dsome=thing");

  @TempDir Path dir;

  @Test
  void aNonEmptyDirectoryOnTheClassPathMeansNoArchive() throws IOException {
    Path classes = Files.createDirectory(dir.resolve("classes"));
    Files.writeString(classes.resolve("A.class"), "x");
    assertTrue(dynamicArchive(FLAGS, jar("a.jar") + File.pathSeparator + classes,
        dir.resolve("cache")).isEmpty());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertTrue(dynamicArchive(FLAGS, jar("b.jar") + File.pathSeparator + empty,
        dir.resolve("cache")).isPresent());
  }

  @Test
  void aChangedJarGetsAnotherArchive() throws IOException {
    Path jar = jar("a.jar");
    Path before = dynamicArchive(FLAGS, jar.toString(), dir).orElseThrow().archive();
    assertEquals(before, dynamicArchive(List.of("-XX:+UseSerialGC", "-Dother=1"),
        jar.toString(), dir).orElseThrow().archive(), "system properties do not matter");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    Path after = dynamicArchive(FLAGS, jar.toString(), dir).orElseThrow().archive();
    assertNotEquals(before, after);
  }

  @Test
  void theUsersOwnSharingOptionsWin() throws IOException {
    assertTrue(dynamicArchive(List.of("-Xshare:off"), jar("a.jar").toString(), dir)
        .isEmpty());
    assertTrue(dynamicArchive(List.of("-XX:SharedArchiveFile=/x.jsa"),
        jar("a.jar").toString(), dir).isEmpty());
  }

  @Test
  void anAgentTurnsSharingOff() throws IOException {
    for (String agent : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=0",
        "-agentpath:/opt/profiler.so=start", "-javaagent:/opt/apm.jar")) {
      for (boolean aotCache : List.of(false, true)) {
        assertTrue(WorkerCds.forWorkers(List.of("-XX:+UseSerialGC", agent),
            jar("a.jar").toString(), dir, aotCache).isEmpty(), agent + ", cache " + aotCache);
      }
    }
  }

  @Test
  void aFlightRecordingTurnsSharingOff() throws IOException {
    List<String> recorded = List.of("-XX:StartFlightRecording=settings=profile");
    for (boolean aotCache : List.of(false, true)) {
      assertTrue(WorkerCds.forWorkers(recorded, jar("a.jar").toString(), dir, aotCache).isEmpty());
    }
  }

  @Test
  void anAgentInTheJvmsEnvironmentTurnsSharingOffToo() {
    assertTrue(WorkerCds.enabledFor(FLAGS, Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g")));
    assertFalse(WorkerCds.enabledFor(FLAGS,
        Map.of("JAVA_TOOL_OPTIONS", " -Xmx1g  -javaagent:/opt/apm.jar ")));
    assertFalse(WorkerCds.enabledFor(FLAGS, Map.of("JDK_JAVA_OPTIONS", "-Xshare:off")));
  }

  @Test
  void theFirstWorkerRecordsTheArchiveAndTheRestUseItOnceItExists() throws IOException {
    WorkerCds cds = dynamicArchive(FLAGS, jar("a.jar").toString(), dir).orElseThrow();
    WorkerCds.Flags first = cds.nextWorkerFlags();
    assertTrue(first.recording() != null && first.flags().contains(
        "-XX:ArchiveClassesAtExit=" + first.recording()), first.toString());
    // It rehearses the store before it exits, so that the archive has the store's classes.
    assertTrue(first.flags().contains("-D" + WorkerMain.RECORDS_ARCHIVE_PROPERTY + "=true"));
    assertEquals(new WorkerCds.Flags(List.of(), null), cds.nextWorkerFlags(), "one recorder");
    Files.writeString(cds.archive(), "archive");
    WorkerCds.Flags later = cds.nextWorkerFlags();
    assertTrue(later.flags().contains("-XX:SharedArchiveFile=" + cds.archive()));
    assertFalse(later.flags().stream().anyMatch(flag -> flag.contains("recordsArchive")));
  }

  @Test
  void aRecordingWorkerThatExitsCleanlyPutsItsArchiveInPlace() throws Exception {
    Path cache = dir.resolve("cache");
    WorkerCds cds = dynamicArchive(FLAGS, jar("a.jar").toString(), cache).orElseThrow();
    String name = cds.archive().getFileName().toString();
    Path stale = Files.writeString(cache.resolve(
        name.replaceFirst("-[0-9a-f]{16}\\.jsa$", "-0000000000000000.jsa")), "old");
    Path leftover = Files.writeString(cache.resolve(name + ".999999.tmp"), "half");
    WorkerCds.Flags flags = cds.nextWorkerFlags();
    assertFalse(Files.exists(stale) || Files.exists(leftover), "old archives are removed");

    Process worker = writesThenExits(flags.recording(), 0);
    cds.started(flags, worker);
    assertTrue(cds.isRecorder(worker));
    await(() -> Files.exists(cds.archive()) && files(cache).size() == 1);
    assertEquals("archive", Files.readString(cds.archive()).trim());
    await(() -> !cds.isRecorder(worker));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
  }

  @Test
  void archivesOfOtherClassPathsAgeOutWhileUsedOnesStay() throws Exception {
    Path cache = dir.resolve("cache");
    WorkerCds used = dynamicArchive(FLAGS, jar("a.jar").toString(), cache).orElseThrow();
    Files.writeString(used.archive(), "archive");
    FileTime longAgo = FileTime.from(Instant.now().minus(java.time.Duration.ofDays(30)));
    Files.setLastModifiedTime(used.archive(), longAgo);
    used.nextWorkerFlags();
    assertTrue(Files.getLastModifiedTime(used.archive()).toInstant()
        .isAfter(Instant.now().minusSeconds(60)), "a session dates the archive it uses");

    Path unused = Files.writeString(cache.resolve("worker-00000000deadbeef-0123456789abcdef.jsa"),
        "old");
    Files.setLastModifiedTime(unused, longAgo);
    Path recent = Files.writeString(cache.resolve("worker-00000000feedbeef-0123456789abcdef.jsa"),
        "recent");
    WorkerCds recording = dynamicArchive(FLAGS, jar("b.jar").toString(), cache)
        .orElseThrow();
    assertTrue(recording.nextWorkerFlags().recording() != null);
    assertFalse(Files.exists(unused), "unused for a month: removed");
    assertTrue(Files.exists(recent) && Files.exists(used.archive()));
  }

  @Test
  void aKilledOrFailedRecorderLeavesNoArchiveAndTheNextWorkerRecords() throws Exception {
    WorkerCds cds = dynamicArchive(FLAGS, jar("a.jar").toString(), dir).orElseThrow();
    WorkerCds.Flags flags = cds.nextWorkerFlags();
    cds.started(flags, writesThenExits(flags.recording(), 3));
    await(() -> files(dir).equals(Set.of("a.jar")));
    assertFalse(Files.exists(cds.archive()));
    assertTrue(cds.nextWorkerFlags().recording() != null, "the next worker records");
  }

  @Test
  void withAnAheadOfTimeCacheTheFirstWorkerRecordsItsConfigurationAndTheRestUseTheCache()
      throws IOException {
    WorkerCds cds = WorkerCds.forWorkers(FLAGS, jar("a.jar").toString(), dir, true)
        .orElseThrow();
    assertTrue(cds.archive().getFileName().toString().endsWith(".aot"), cds.archive().toString());
    WorkerCds.Flags first = cds.nextWorkerFlags();
    assertTrue(first.flags().contains("-XX:AOTMode=record") && first.flags().contains(
        "-XX:AOTConfiguration=" + first.recording() + ".conf.tmp"), first.toString());
    assertTrue(first.flags().contains("-XX:-DisplayVMOutput"), "its notice is not the user's");
    assertFalse(first.flags().stream().anyMatch(flag -> flag.contains("ArchiveClassesAtExit")
        || flag.contains("cds+dynamic")), first.toString());
    assertEquals(new WorkerCds.Flags(List.of(), null), cds.nextWorkerFlags(), "one recorder");
    Files.writeString(cds.archive(), "cache");
    List<String> using = cds.nextWorkerFlags().flags();
    assertTrue(using.contains("-XX:AOTCache=" + cds.archive()), using.toString());
    assertFalse(using.stream().anyMatch(flag -> flag.contains("SharedArchiveFile")));
  }

  @Test
  void aConfigurationNoCacheCanBeMadeFromLeavesNothingBehind() throws Exception {
    WorkerCds cds = WorkerCds.forWorkers(FLAGS, jar("a.jar").toString(), dir, true)
        .orElseThrow();
    WorkerCds.Flags flags = cds.nextWorkerFlags();
    // A clean exit with a configuration the JVM cannot read (older JVMs know no such mode):
    // the JVM that makes the cache fails, and nothing of the attempt stays.
    Process worker = writesThenExits(Path.of(flags.recording() + ".conf.tmp"), 0);
    cds.started(flags, worker);
    worker.waitFor();
    cds.recorderExited(worker); // as shutdown does: returns once it is decided
    assertEquals(Set.of("a.jar"), files(dir));
    assertTrue(cds.nextWorkerFlags().recording() != null, "the next worker records");
  }

  @Test
  void theUsersOwnAheadOfTimeOptionsWinToo() throws IOException {
    assertTrue(WorkerCds.forWorkers(List.of("-XX:AOTCache=/x.aot"), jar("a.jar").toString(),
        dir).isEmpty());
    assertTrue(WorkerCds.forWorkers(List.of("-XX:AOTMode=off"), jar("a.jar").toString(), dir)
        .isEmpty());
  }

  @Test
  void aRecordingHeldByAnotherLiveDriverIsLeftToIt() throws Exception {
    String classPath = jar("a.jar").toString();
    WorkerCds cds = dynamicArchive(FLAGS, classPath, dir).orElseThrow();
    Path marker = cds.archive().resolveSibling(
        cds.archive().getFileName().toString().replace(".jsa", ".pending"));
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Files.writeString(marker, Long.toString(other.pid()));
      assertEquals(List.of(), cds.nextWorkerFlags().flags());
    } finally {
      other.destroyForcibly();
      other.waitFor();
    }
    assertTrue(cds.nextWorkerFlags().recording() != null, "a dead driver's marker is taken over");
    assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(marker));
  }

  /** Workers' sharing as before Java 25: a dynamic archive, whichever Java runs the test. */
  private static java.util.Optional<WorkerCds> dynamicArchive(List<String> flags,
      String classPath, Path cacheDir) {
    return WorkerCds.forWorkers(flags, classPath, cacheDir, false);
  }

  /** A stand-in for a recording worker: writes its archive, then exits with {@code code}. */
  private static Process writesThenExits(Path archive, int code) throws IOException {
    return new ProcessBuilder("sh", "-c", "sleep 0.2; echo archive > '" + archive + "'; exit "
        + code).start();
  }

  private Path jar(String name) throws IOException {
    Path jar = dir.resolve(name);
    if (!Files.exists(jar)) {
      Files.writeString(jar, "not really a jar");
    }
    return jar;
  }

  private static Set<String> files(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
      Thread.sleep(20);
    }
  }
}
