package io.jray.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {
  @TempDir Path dir;

  @Test
  void aNewLockFileIsLockedUntilReleased() throws Exception {
    FolderLock lock = FolderLock.create(dir);
    Path file = dir.resolve(FolderLock.FILE_NAME);
    assertFalse(LockHolder.lockableElsewhere(file));
    assertTrue(FolderLock.tryTake(dir).isEmpty(), "this JVM's own folder taken for a dead one's");
    assertFalse(LockHolder.lockableElsewhere(file), "the look unlocked it");

    lock.release();
    lock.release(); // twice is harmless

    assertTrue(LockHolder.lockableElsewhere(file));
  }

  @Test
  void aLockNobodyHoldsIsTakenAndThenHeld() throws Exception {
    Path file = Files.createFile(dir.resolve(FolderLock.FILE_NAME));
    try (LockHolder other = LockHolder.hold(file)) {
      assertTrue(FolderLock.tryTake(dir).isEmpty(), "a lock another process holds was taken");
    }

    Optional<FolderLock> taken = FolderLock.tryTake(dir);

    assertTrue(taken.isPresent());
    assertFalse(LockHolder.lockableElsewhere(file));
    taken.get().release();
  }

  @Test
  void aFolderWithoutALockFileIsToldApart() {
    assertThrows(NoSuchFileException.class, () -> FolderLock.tryTake(dir));
  }
}
