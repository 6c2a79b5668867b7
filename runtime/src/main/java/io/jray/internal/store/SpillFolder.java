package io.jray.internal.store;

import io.jray.RayException;
import io.jray.internal.FolderLock;
import io.jray.internal.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Copies of large object files on disk, made when the store needs room in memory, under the same
 * {@code <id>-<nonce>} names. A copy appears only whole (written under a temporary name, then
 * renamed) and is kept until its object is deleted, so spilling an object a second time is free.
 * The store's owner holds the folder's {@link FolderLock} while it uses it: a folder whose lock
 * can be taken is what a session that is gone left behind, and may be cleared and reused.
 */
final class SpillFolder {
  private static final String TEMP = ".tmp";
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final Path dir;
  /** Held by the store's owner while the folder is in use; null in the other processes. */
  private final FolderLock lock;

  private SpillFolder(Path dir, FolderLock lock) {
    this.dir = dir;
    this.lock = lock;
  }

  /**
   * Claims dir (mode 0700, locked) for a new store: makes it, or clears and reuses it if a session
   * that is gone left it there. Fails if a live session uses it, or if jray did not make it.
   */
  static SpillFolder create(Path dir) {
    try {
      Files.createDirectories(dir.getParent());
      for (int attempt = 1; ; attempt++) {
        try {
          Files.createDirectory(dir, OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
          FolderLock left = takeLeftOver(dir, attempt);
          if (left != null) {
            return reuse(dir, left);
          }
          continue;
        }
        try {
          return new SpillFolder(dir, FolderLock.create(dir));
        } catch (IOException e) {
          Files.deleteIfExists(dir);
          throw e;
        }
      }
    } catch (IOException e) {
      throw new RayException("Cannot create the object store's spill folder " + dir + ": " + e, e);
    }
  }

  /**
   * The lock of dir, a folder that exists, if the session that used it is gone; null if the
   * folder was removed meanwhile (its session just ended: make it anew).
   */
  private static FolderLock takeLeftOver(Path dir, int attempt) throws IOException {
    try {
      return FolderLock.tryTake(dir).orElseThrow(() -> new RayException(
          "Another live jray session uses the spill folder " + dir + " (it holds the folder's "
          + "lock). Give each session its own spillDirectory, or leave it unset: each session "
          + "then spills to a folder of its own."));
    } catch (NoSuchFileException noLockFile) {
      if (attempt < 3 && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      throw new RayException("The spill folder " + dir + " exists already, without the "
          + FolderLock.FILE_NAME + " file of jray's spill folders: jray did not make it, or "
          + "another session is making it right now. Set spillDirectory to a folder that does "
          + "not exist (jray makes it and removes it), or remove " + dir + ".");
    }
  }

  /** Clears what a dead session left in dir, whose lock this process now holds. */
  private static SpillFolder reuse(Path dir, FolderLock lock) {
    Log.info("Reusing the spill folder {}: removing what a session that is gone left in it", dir);
    try (Stream<Path> paths = Files.walk(dir)) {
      Path lockFile = dir.resolve(FolderLock.FILE_NAME);
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        if (!path.equals(dir) && !path.equals(lockFile)) {
          Files.deleteIfExists(path);
        }
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return new SpillFolder(dir, lock);
    } catch (IOException | UncheckedIOException e) {
      lock.release();
      throw new RayException("Cannot clear the spill folder " + dir + ", left by a session that "
          + "is gone: " + e + ". Remove it, or set spillDirectory to another folder.", e);
    }
  }

  static SpillFolder open(Path dir) {
    return new SpillFolder(dir, null);
  }

  Path dir() {
    return dir;
  }

  boolean has(long id, long nonce) {
    return Files.exists(path(id, nonce));
  }

  /**
   * Copies source, an object's complete file, in; returns the bytes written (0 if there already,
   * -1 if source was deleted meanwhile: its object was freed while we chose it).
   */
  long copyIn(Path source, long id, long nonce) {
    Path target = path(id, nonce);
    if (Files.exists(target)) {
      return 0;
    }
    Path temp = temp(target);
    try {
      long size = copy(source, temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return size;
    } catch (NoSuchFileException e) {
      if (!Files.exists(source)) {
        return -1;
      }
      throw new RayException("Cannot spill object file " + source + " to " + dir + ": " + e
          + ". Free space there, or set another spill folder.", e);
    } catch (IOException e) {
      throw new RayException("Cannot spill object file " + source + " to " + dir + ": " + e
          + ". Free space there, or set another spill folder.", e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Copies the object's spilled file to target, which must not exist, or returns false if there
   * is no such file (the object was deleted).
   */
  boolean copyOut(long id, long nonce, Path target) {
    try {
      copy(path(id, nonce), target);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new RayException("Cannot restore object file " + path(id, nonce) + ": " + e, e);
    }
  }

  /** A read-only mapping of the spilled file, or null if there is none. */
  ByteBuffer map(long id, long nonce, int length) {
    try (FileChannel channel = FileChannel.open(path(id, nonce), StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new RayException("Cannot map spilled object file " + path(id, nonce) + ": " + e, e);
    }
  }

  /** Deletes the object's copy; returns whether there was one. */
  boolean delete(long id, long nonce) {
    try {
      return Files.deleteIfExists(path(id, nonce));
    } catch (IOException e) {
      throw new RayException("Cannot delete spilled object file " + path(id, nonce) + ": " + e, e);
    }
  }

  /** Removes the folder and everything in it, then releases it (the store's owner, at close). */
  void removeAll() {
    try {
      if (Files.exists(dir)) {
        removeTree();
      }
    } finally {
      if (lock != null) {
        lock.release();
      }
    }
  }

  private void removeTree() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new RayException("Cannot remove the object store's spill folder " + dir + ": " + e, e);
    }
  }

  /** Copies with sendfile where the platform has it; returns the bytes copied. */
  static long copy(Path source, Path target) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      boolean copied = false;
      try (FileChannel out = FileChannel.open(target,
          java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          SharedFiles.OWNER_ONLY)) {
        long size = in.size();
        for (long at = 0; at < size; ) {
          at += in.transferTo(at, size - at, out);
        }
        copied = true;
        return size;
      } finally {
        if (!copied) {
          deleteQuietly(target);
        }
      }
    }
  }

  /** {@code <target>.<pid>-<random>.tmp}: the pid lets dead processes' leftovers be found. */
  static Path temp(Path target) {
    return target.resolveSibling(target.getFileName() + "." + ProcessToken.pid(ProcessToken.SELF)
        + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + TEMP);
  }

  /** The pid of the process that made a temp() file, or -1 if unknown. */
  static long tempWriter(Path temp) {
    String name = temp.getFileName().toString();
    int dash = name.lastIndexOf('-');
    int dot = name.lastIndexOf('.', dash);
    try {
      return Long.parseLong(name.substring(dot + 1, dash));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Deletes temporary files of dead processes; the copies they made are whole or absent. */
  void removeOrphans() {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (isTemp(file) && !LargeObjectFiles.isRunning(tempWriter(file))) {
          Files.deleteIfExists(file);
        }
      }
    } catch (NoSuchFileException e) {
      // closed by its owner
    } catch (IOException e) {
      throw new RayException("Cannot clean up the spill folder " + dir + ": " + e, e);
    }
  }

  static boolean isTemp(Path file) {
    return file.getFileName().toString().endsWith(TEMP);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Best effort: the folder's owner removes it at close.
    }
  }

  private Path path(long id, long nonce) {
    return dir.resolve(LargeObjectFiles.name(id, nonce));
  }
}
