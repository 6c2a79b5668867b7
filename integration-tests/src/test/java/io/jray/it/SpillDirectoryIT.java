package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom spillDirectory serves one live session at a time: what a dead session left in it is
 * cleared and the folder reused, and a second live session is refused at once.
 */
@Timeout(300)
class SpillDirectoryIT {
  @TempDir Path dir;

  @Test
  void aSpillFolderLeftByAKilledDriverIsClearedAndReused() throws Exception {
    Path spillDir = dir.resolve("spill");
    long killedPid;
    try (DriverJvm killed = DriverJvm.start(SpillingDriver.class, spillDir.toString())) {
      killedPid = killed.pid();
      killed.awaitLine("SPILLED");
      killed.kill();
    }
    assertTrue(objectFiles(spillDir) > 0, "the killed driver left nothing to clear");

    Ray.init(SpillingDriver.config(spillDir));
    try {
      List<ObjectRef<byte[]>> refs = SpillingDriver.fill();
      assertTrue(objectFiles(spillDir) > 0, "nothing was spilled");
      for (int i = 0; i < refs.size(); i++) {
        assertArrayEquals(SpillingDriver.block(i), Ray.get(refs.get(i)), "block " + i);
      }
    } finally {
      Ray.shutdown();
    }
    assertFalse(Files.exists(spillDir), "the spill folder outlived the session");
    assertEquals(Set.of(), FaultsIT.sessionFoldersOf(killedPid));
    assertEquals(Set.of(), FaultsIT.sessionFoldersOf(ProcessHandle.current().pid()));
  }

  @Test
  void aSecondLiveSessionCannotShareASpillFolder() throws Exception {
    Path spillDir = dir.resolve("spill");
    try (DriverJvm first = DriverJvm.start(SpillingDriver.class, spillDir.toString())) {
      first.awaitLine("SPILLED");
      long spilled = objectFiles(spillDir);

      RayException e = assertThrows(RayException.class,
          () -> Ray.init(SpillingDriver.config(spillDir)));
      assertTrue(e.getMessage().contains("Another live jray session uses the spill folder "
          + spillDir), e.getMessage());
      assertTrue(e.getMessage().contains("its own spillDirectory"), e.getMessage());
      assertFalse(Ray.isInitialized());
      assertEquals(Set.of(), processesApartFrom(first), "a worker of the failed init lives");
      assertEquals(Set.of(), FaultsIT.sessionFoldersOf(ProcessHandle.current().pid()));
      assertEquals(spilled, objectFiles(spillDir), "the live session's spilled objects");

      assertEquals(0, first.stop(), "the first session ends well");
      assertEquals(Set.of(), FaultsIT.sessionFoldersOf(first.pid()));
    }
    assertFalse(Files.exists(spillDir), "the spill folder outlived its session");
  }

  /** This JVM's descendants that are not the driver nor its workers. */
  private static Set<Long> processesApartFrom(DriverJvm driver) {
    Set<Long> others = ProcessHandle.current().descendants().map(ProcessHandle::pid)
        .collect(Collectors.toSet());
    others.remove(driver.pid());
    ProcessHandle.of(driver.pid()).ifPresent(
        d -> d.descendants().forEach(worker -> others.remove(worker.pid())));
    return others;
  }

  /** Spilled object files, named {@code <id>-<nonce>}; the folder's lock file is not one. */
  private static long objectFiles(Path spillDir) throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
    }
  }
}
