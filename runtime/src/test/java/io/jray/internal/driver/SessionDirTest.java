package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDirTest {
  @TempDir Path root;

  @Test
  void sessionFolderIsPrivateAndRemovedWhole() throws IOException {
    SessionDir session = SessionDir.create();
    try {
      assertEquals("rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(session.path())));
      Files.createDirectories(session.path().resolve("objects"));
      Files.write(session.path().resolve("objects/x"), new byte[10]);
    } finally {
      session.delete();
    }
    assertFalse(Files.exists(session.path()));
    session.delete(); // twice is harmless
  }

  @Test
  void foldersOfDeadDriversAreRemovedAndLiveOnesKept() throws IOException {
    Process dead = new ProcessBuilder("true").start();
    dead.onExit().join();
    Path stale = Files.createDirectory(root.resolve("jray-" + dead.pid() + "-abc"));
    Files.write(stale.resolve("store"), new byte[3]);
    Path live = Files.createDirectory(
        root.resolve("jray-" + ProcessHandle.current().pid() + "-def"));
    Path other = Files.createDirectory(root.resolve("something-else"));

    SessionDir.removeStale(root);

    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(other));
  }

  @Test
  void driverPidIsReadFromTheName() {
    assertEquals(Optional.of(123L), SessionDir.driverPidOf("jray-123-ab12"));
    assertEquals(Optional.empty(), SessionDir.driverPidOf("jray-x-ab12"));
    assertEquals(Optional.empty(), SessionDir.driverPidOf("other-123"));
  }
}
