package io.jray.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An exclusive lock on the file {@value #FILE_NAME} in a folder, held by the process that uses the
 * folder for as long as it does. The kernel drops the lock when that process ends, however it
 * ends, so a folder whose lock can be taken was left behind, and one whose lock cannot is in use,
 * even by a process in another PID namespace whose pid means nothing here.
 *
 * <p>These are POSIX record locks: closing <em>any</em> channel on the file drops the process's
 * lock on it. So this JVM never opens a lock file it holds: {@link #HELD} lists them by file key.
 */
public final class FolderLock {
  public static final String FILE_NAME = ".jray-lock";

  /** File keys (device and inode) of the lock files this JVM holds. Also the lock for all this. */
  private static final Set<Object> HELD = new HashSet<>();

  private final FileChannel channel;
  private final Object key;

  private FolderLock(FileChannel channel, Object key) {
    this.channel = channel;
    this.key = key;
  }

  /**
   * Creates the lock file in dir, a folder this process has just made, and takes its lock. The
   * file appears under its name already locked (it is locked under a temporary name, then
   * renamed), so no other process can find it unlocked and take the folder for a dead one's.
   */
  public static FolderLock create(Path dir) throws IOException {
    Path temp = dir.resolve(FILE_NAME + ".new");
    synchronized (HELD) {
      FileChannel channel = FileChannel.open(temp,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        channel.lock();
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        Object key = keyOf(dir.resolve(FILE_NAME));
        HELD.add(key);
        return new FolderLock(channel, key);
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(temp);
        throw e;
      }
    }
  }

  /**
   * Takes the lock of dir's lock file if no process holds it: dir was left behind and is now this
   * process's. Empty if a process, this one included, holds it. Throws NoSuchFileException if
   * dir has no lock file.
   */
  public static Optional<FolderLock> tryTake(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    synchronized (HELD) {
      Object key = keyOf(file);
      if (HELD.contains(key)) {
        return Optional.empty();
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      boolean taken = false;
      try {
        FileLock lock = channel.tryLock();
        // Its owner may have removed the folder, lock file and all, between our look and our
        // lock: then we hold the lock of a file that is no longer there (or no longer this one).
        taken = lock != null && key.equals(keyOf(file));
      } catch (OverlappingFileLockException e) {
        // Cannot happen while HELD is right; if it does, the folder is in use here.
      } finally {
        if (!taken) {
          channel.close();
        }
      }
      if (!taken) {
        return Optional.empty();
      }
      HELD.add(key);
      return Optional.of(new FolderLock(channel, key));
    }
  }

  /**
   * Drops the lock. Remove the folder first, so that no process takes it for a dead one's in
   * between. Idempotent.
   */
  public void release() {
    synchronized (HELD) {
      if (channel.isOpen()) {
        HELD.remove(key);
        try {
          channel.close();
        } catch (IOException e) {
          Log.warn("Could not close a folder's lock file: {}", e.toString());
        }
      }
    }
  }

  private static Object keyOf(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }
}
