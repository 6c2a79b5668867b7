package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.FolderLock;
import io.jray.internal.LockHolder;
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
  void sessionFolderIsPrivateLockedAndRemovedWhole() throws Exception {
    SessionDir session = SessionDir.create();
    try {
      assertEquals("rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(session.path())));
      assertFalse(LockHolder.lockableElsewhere(session.path().resolve(FolderLock.FILE_NAME)),
          "a live session's folder is locked");
      Files.createDirectories(session.path().resolve("objects"));
      Files.write(session.path().resolve("objects/x"), new byte[10]);
    } finally {
      session.delete();
    }
    assertFalse(Files.exists(session.path()));
    session.delete(); // twice is harmless
  }

  @Test
  void aFolderLockedByAnotherProcessIsKeptWhateverItsNameAndRemovedOnceUnlocked()
      throws Exception {
    // As a live session in another PID namespace: its driver's pid is not one we can see.
    Path session = Files.createDirectory(root.resolve("jray-" + deadPid() + "-abc"));
    Path lockFile = Files.createFile(session.resolve(FolderLock.FILE_NAME));
    Files.write(session.resolve("store"), new byte[3]);
    try (LockHolder driver = LockHolder.hold(lockFile)) {
      SessionDir.removeStale(root);
      assertTrue(Files.exists(session.resolve("store")), "a live session's folder was removed");
    }

    SessionDir.removeStale(root);

    assertFalse(Files.exists(session), "a dead session's folder was kept");
  }

  @Test
  void aFolderThisJvmHoldsIsKeptAndStaysLocked() throws Exception {
    Path session = Files.createDirectory(root.resolve("jray-" + deadPid() + "-abc"));
    FolderLock lock = FolderLock.create(session);
    try {
      SessionDir.removeStale(root);
      assertTrue(Files.exists(session));
      // Opening and closing a lock file this JVM holds would have dropped its lock.
      assertFalse(LockHolder.lockableElsewhere(session.resolve(FolderLock.FILE_NAME)),
          "looking at the folder unlocked it");
    } finally {
      lock.release();
    }
  }

  @Test
  void foldersOfTheOldLayoutAreJudgedByPid() throws Exception {
    Path stale = Files.createDirectory(root.resolve("jray-" + deadPid() + "-abc"));
    Files.write(stale.resolve("store"), new byte[3]);
    Path live = Files.createDirectory(
        root.resolve("jray-" + ProcessHandle.current().pid() + "-def"));
    Path other = Files.createDirectory(root.resolve("something-else"));

    SessionDir.removeStale(root);

    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(other));
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.onExit().join();
    return dead.pid();
  }

  @Test
  void driverPidIsReadFromTheName() {
    assertEquals(Optional.of(123L), SessionDir.driverPidOf("jray-123-ab12"));
    assertEquals(Optional.empty(), SessionDir.driverPidOf("jray-x-ab12"));
    assertEquals(Optional.empty(), SessionDir.driverPidOf("other-123"));
  }
}
