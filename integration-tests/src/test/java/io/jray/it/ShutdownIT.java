package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing outlives Ray.shutdown(): no process, no file in shared memory. */
class ShutdownIT {

  @Test
  void shutdownLeavesNoProcessAndNoFile() {
    Ray.init(RayConfig.builder().numCpus(2).build());
    assertTrue(Ray.isInitialized());
    Ray.get(List.of(TasksRemote.pid(), TasksRemote.pid()));
    List<ProcessHandle> workers =
        ProcessHandle.current().descendants().collect(Collectors.toList());
    assertTrue(workers.size() >= 2, "workers: " + workers);

    Ray.shutdown();
    assertFalse(Ray.isInitialized());
    assertEquals(0, ProcessHandle.current().descendants().count());
    workers.forEach(w -> assertFalse(w.isAlive(), "still alive: " + w.pid()));
    assertEquals(Set.of(), FaultsIT.sessionFoldersOf(ProcessHandle.current().pid()));
    Ray.shutdown(); // twice is harmless
  }

  @Test
  void anInitThatCannotCreateTheStoreLeavesNoWorkerAndNoFile(@TempDir Path dir) throws Exception {
    Path taken = Files.createDirectory(dir.resolve("spill"));
    RayException e = assertThrows(RayException.class, () -> Ray.init(
        RayConfig.builder().numCpus(2).spillDirectory(taken).build()));
    assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
    assertFalse(Ray.isInitialized());
    assertEquals(0, ProcessHandle.current().descendants().count());
    assertEquals(Set.of(), FaultsIT.sessionFoldersOf(ProcessHandle.current().pid()));
    Ray.init(RayConfig.builder().numCpus(1).build());
    try {
      assertEquals(3L, Ray.get(TasksRemote.add(1L, 2L)), "a later init works");
    } finally {
      Ray.shutdown();
    }
  }

  @Test
  void initAgainAfterShutdownWorks() {
    Ray.init(RayConfig.builder().numCpus(1).build());
    Ray.shutdown();
    Ray.init(RayConfig.builder().numCpus(1).build());
    try {
      assertEquals(3L, Ray.get(TasksRemote.add(1L, 2L)));
    } finally {
      Ray.shutdown();
    }
  }

  /**
   * jray halts its workers, which runs no shutdown hook, and JFR writes a recording's file in
   * one: a worker's recording is written before the halt.
   */
  @Test
  void aWorkersFlightRecordingIsWrittenWhenItStops(@TempDir Path dir) throws Exception {
    Path recording = dir.resolve("worker.jfr");
    runOneTask(RayConfig.builder().numCpus(1)
        .addWorkerJvmOption("-XX:StartFlightRecording=filename=" + recording).build());
    assertHoldsEvents(recording);
  }

  /** A folder as the recording's file: JFR names a file in it for each process. */
  @Test
  void eachWorkersRecordingIsWrittenIntoAFolder(@TempDir Path dir) throws Exception {
    runOneTask(RayConfig.builder().numCpus(2).addWorkerJvmOption(
        "-XX:StartFlightRecording=filename=" + dir + ",settings=profile").build());
    List<Path> recordings;
    try (Stream<Path> files = Files.list(dir)) {
      recordings = files.collect(Collectors.toList());
    }
    assertEquals(2, recordings.size(), "one per worker: " + recordings);
    for (Path recording : recordings) {
      assertHoldsEvents(recording);
    }
  }

  private static void runOneTask(RayConfig config) {
    Ray.init(config);
    try {
      assertEquals(3L, Ray.get(TasksRemote.add(1L, 2L)));
    } finally {
      Ray.shutdown();
    }
  }

  private static void assertHoldsEvents(Path recording) throws IOException {
    assertTrue(Files.isRegularFile(recording) && Files.size(recording) > 0,
        "the worker's recording was written: " + recording);
    try (RecordingFile file = new RecordingFile(recording)) {
      assertTrue(file.hasMoreEvents(), "and holds events: " + recording);
      assertTrue(file.readEvent().getEventType().getName().startsWith("jdk."),
          recording.toString());
    }
  }

  @Test
  void callsBeforeInitSayWhatToDo() {
    RayException e = assertThrows(RayException.class, () -> Ray.put(1));
    assertTrue(e.getMessage().contains("Ray.init()"), e.getMessage());
  }

  @Test
  void initTwiceIsAnErrorUnlessIgnored() {
    Ray.init(RayConfig.builder().numCpus(1).build());
    try {
      RayException e = assertThrows(RayException.class,
          () -> Ray.init(RayConfig.builder().numCpus(1).build()));
      assertTrue(e.getMessage().contains("ignoreReinitError"), e.getMessage());
      Ray.init(RayConfig.builder().numCpus(1).ignoreReinitError(true).build());
    } finally {
      Ray.shutdown();
    }
  }

}
