package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Copies of large object files on disk, made when the store needs room in memory, under the same
 * {@code <id>-<nonce>} names. A copy appears only whole (written under a temporary name, then
 * renamed) and is kept until its object is deleted, so spilling an object a second time is free.
 */
final class SpillFolder {
  private static final String TEMP = ".tmp";

  private final Path dir;

  private SpillFolder(Path dir) {
    this.dir = dir;
  }

  /** Creates dir (mode 0700) for a new store; it must not exist. */
  static SpillFolder create(Path dir) {
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      throw new RayException("The spill folder " + dir + " exists already: another session uses it");
    } catch (IOException e) {
      throw new RayException("Cannot create the object store's spill folder " + dir + ": " + e, e);
    }
    return new SpillFolder(dir);
  }

  static SpillFolder open(Path dir) {
    return new SpillFolder(dir);
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

  /** Removes the folder and everything in it (the store's owner, at close). */
  void removeAll() {
    if (!Files.exists(dir)) {
      return;
    }
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
