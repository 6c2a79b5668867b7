package io.jray.internal.driver;

import io.jray.internal.Log;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Jar copies of the class path's directories, for workers. The JVM archives classes for sharing
 * ({@link WorkerCds}) only from jars, and an IDE's or Maven's {@code target/classes} is a
 * directory: without this, a worker of such a program starts at about twice the cost.
 *
 * <p>Each non-empty directory gets one jar in the cache folder, named by a hash of the
 * directory's path, and rewritten (into a temporary file, then renamed) when a stamp of its files
 * (names, sizes, times) changes. The stamp and the directory's path are the jar's comment; a jar
 * whose directory is gone (a test's temporary folder) is removed when another is written.
 *
 * <p>Workers started after a rebuild see the new classes, as they would from the directory
 * itself, and the stable name keeps the class-data archive's key stable. What a worker cannot see
 * is a file added to the directory after the session started, and its resources' URLs are
 * {@code jar:} ones.
 */
final class ClassDirJars {
  private static final String PREFIX = "classes-";

  private ClassDirJars() {}

  /**
   * The class path with each non-empty directory replaced by its jar; a directory that cannot be
   * packed stays as it is (its workers then start without an archive).
   */
  static String forWorkers(String classPath, Path cacheDir) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Paths.get(entry);
      entries.add(isNonEmptyDirectory(path) ? jarOf(path, cacheDir) : entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static boolean isNonEmptyDirectory(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (DirectoryStream<Path> contents = Files.newDirectoryStream(path)) {
      return contents.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /** The jar for {@code directory}, made or remade if its files changed; else the directory. */
  private static String jarOf(Path directory, Path cacheDir) {
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      List<Path> files = filesOf(absolute);
      // The comment names the directory too, so that jars of deleted directories can be found.
      String comment = stampOf(absolute, files) + " " + absolute;
      String name = PREFIX + WorkerCds.hash(absolute.toString()).substring(0, 16) + ".jar";
      Path jar = cacheDir.resolve(name);
      if (!comment.equals(commentOf(jar))) {
        removeOrphans(cacheDir);
        write(absolute, files, comment, jar);
      }
      return jar.toString();
    } catch (IOException | RuntimeException e) {
      Log.debug("Workers load {} as a directory (no class-data sharing): {}", absolute,
          e.toString());
      return directory.toString();
    }
  }

  /** Every file and folder under {@code root}, in name order: the stamp must not depend on it. */
  private static List<Path> filesOf(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(path -> !path.equals(root)).sorted().toList();
    }
  }

  private static String stampOf(Path root, List<Path> files) throws IOException {
    StringBuilder stamp = new StringBuilder();
    for (Path path : files) {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      stamp.append(entryName(root, path, attributes.isDirectory())).append(' ')
          .append(attributes.size()).append(' ')
          .append(attributes.lastModifiedTime().toMillis()).append('\n');
    }
    return WorkerCds.hash(stamp.toString());
  }

  private static String commentOf(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return null;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getComment();
    } catch (IOException e) {
      return null; // half-written or damaged: write it again
    }
  }

  /**
   * Writes the jar beside its final place and renames it there, so that a worker starting now
   * reads either the old jar or the new one, whole. Entries are stored, not compressed: class
   * loading then reads them straight.
   */
  private static void write(Path root, List<Path> files, String comment, Path jar)
      throws IOException {
    Path temporary = jar.resolveSibling(jar.getFileName() + "." + ProcessHandle.current().pid()
        + ".tmp");
    try {
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temporary))) {
        out.setMethod(ZipOutputStream.STORED);
        out.setComment(comment);
        for (Path path : files) {
          boolean folder = Files.isDirectory(path);
          ZipEntry entry = new ZipEntry(entryName(root, path, folder));
          entry.setTime(Files.getLastModifiedTime(path).toMillis());
          long size = folder ? 0 : Files.size(path);
          entry.setSize(size);
          entry.setCompressedSize(size);
          entry.setCrc(folder ? 0 : crcOf(path));
          out.putNextEntry(entry);
          if (!folder) {
            Files.copy(path, out);
          }
          out.closeEntry();
        }
      }
      Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Removes jars whose directory no longer exists: no session can start workers with them. */
  private static void removeOrphans(Path cacheDir) {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(cacheDir, PREFIX + "*.jar")) {
      for (Path jar : jars) {
        String comment = commentOf(jar);
        int space = comment == null ? -1 : comment.indexOf(' ');
        if (space > 0 && !Files.isDirectory(Paths.get(comment.substring(space + 1)))) {
          Files.deleteIfExists(jar);
        }
      }
    } catch (IOException | RuntimeException e) {
      Log.debug("Could not remove jars of deleted class folders: {}", e.toString());
    }
  }

  /** A jar names entries with '/' and marks a folder with a trailing one. */
  private static String entryName(Path root, Path path, boolean folder) {
    String name = root.relativize(path).toString().replace(File.separatorChar, '/');
    return folder ? name + "/" : name;
  }

  private static long crcOf(Path file) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read; (read = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, read);
      }
    }
    return crc.getValue();
  }
}
