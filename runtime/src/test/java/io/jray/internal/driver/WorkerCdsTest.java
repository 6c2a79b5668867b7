package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
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
    assertTrue(WorkerCds.forWorkers(FLAGS, jar("a.jar") + File.pathSeparator + classes,
        dir.resolve("cache")).isEmpty());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertTrue(WorkerCds.forWorkers(FLAGS, jar("b.jar") + File.pathSeparator + empty,
        dir.resolve("cache")).isPresent());
  }

  @Test
  void aChangedJarGetsAnotherArchive() throws IOException {
    Path jar = jar("a.jar");
    Path before = WorkerCds.forWorkers(FLAGS, jar.toString(), dir).orElseThrow().archive();
    assertEquals(before, WorkerCds.forWorkers(List.of("-XX:+UseSerialGC", "-Dother=1"),
        jar.toString(), dir).orElseThrow().archive(), "system properties do not matter");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    Path after = WorkerCds.forWorkers(FLAGS, jar.toString(), dir).orElseThrow().archive();
    assertNotEquals(before, after);
  }

  @Test
  void theUsersOwnSharingOptionsWin() throws IOException {
    assertTrue(WorkerCds.forWorkers(List.of("-Xshare:off"), jar("a.jar").toString(), dir)
        .isEmpty());
    assertTrue(WorkerCds.forWorkers(List.of("-XX:SharedArchiveFile=/x.jsa"),
        jar("a.jar").toString(), dir).isEmpty());
  }

  @Test
  void workersUseTheArchiveOnlyOnceItExists() throws IOException {
    WorkerCds cds = WorkerCds.forWorkers(FLAGS, jar("a.jar").toString(), dir).orElseThrow();
    assertEquals(List.of(), cds.launchFlags());
    Files.writeString(cds.archive(), "archive");
    assertTrue(cds.launchFlags().contains("-XX:SharedArchiveFile=" + cds.archive()));
  }

  @Test
  void trainingRenamesItsArchiveIntoPlaceAndCleansUp() throws Exception {
    String classPath = jar("a.jar").toString();
    Path cache = dir.resolve("cache");
    WorkerCds cds = WorkerCds.forWorkers(FLAGS, classPath, cache).orElseThrow();
    Path stale = Files.writeString(cds.archive().resolveSibling(
        cds.archive().getFileName().toString().replaceFirst("-[0-9a-f]{16}\\.jsa$",
            "-0000000000000000.jsa")), "old");
    Path started = dir.resolve("started");
    cds.createInBackground(fakeJava(started).toString(), FLAGS, classPath);
    cds.createInBackground(fakeJava(started).toString(), FLAGS, classPath); // already under way

    await(() -> Files.exists(cds.archive()) && files(cache).size() == 1);
    assertEquals(Set.of(cds.archive().getFileName().toString()), files(cache));
    assertFalse(Files.exists(stale));
    assertEquals(1, Files.readAllLines(started).size(), "one training run");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
  }

  @Test
  void aFailedTrainingLeavesNoArchiveAndMayBeRetried() throws Exception {
    String classPath = jar("a.jar").toString();
    WorkerCds cds = WorkerCds.forWorkers(FLAGS, classPath, dir).orElseThrow();
    Path failing = Files.writeString(dir.resolve("failing-java"), "#!/bin/sh\nexit 1\n");
    failing.toFile().setExecutable(true);
    cds.createInBackground(failing.toString(), FLAGS, classPath);
    await(() -> files(dir).equals(Set.of("a.jar", "failing-java")));
    assertFalse(Files.exists(cds.archive()));
  }

  /** A stand-in for java that writes the archive it is asked for, and notes that it ran. */
  private Path fakeJava(Path started) throws IOException {
    Path script = dir.resolve("fake-java");
    if (!Files.exists(script)) {
      Files.writeString(script, "#!/bin/sh\n"
          + "echo run >> '" + started + "'\n"
          + "sleep 0.2\n"
          + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*)"
          + " echo archive > \"${a#-XX:ArchiveClassesAtExit=}\";; esac; done\n");
      script.toFile().setExecutable(true);
    }
    return script;
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
