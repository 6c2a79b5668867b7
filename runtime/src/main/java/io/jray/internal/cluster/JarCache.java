package io.jray.internal.cluster;

import io.jray.RayException;
import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's copies of its drivers' jars, each in a folder named by its hash: a jar is fetched once
 * per node, checked against its hash before anyone uses it, and never changes afterwards, so
 * workers of any driver may share it (and a class-data archive made from it stays valid).
 */
public final class JarCache {
  /** Brings one jar's bytes into {@code into}, a new file of this cache's. */
  @FunctionalInterface
  public interface Source {
    void fetch(ClassPathManifest.Entry jar, Path into) throws IOException;
  }

  private final Path folder;

  public JarCache(Path folder) {
    this.folder = folder;
  }

  /** This user's cache on this machine, beside the node registry. */
  public static JarCache ofUser() {
    return new JarCache(Path.of(System.getProperty("java.io.tmpdir"),
        "jray-" + System.getProperty("user.name"), "jars"));
  }

  /**
   * The class path for workers of the driver that sent {@code manifest}, as local files, in the
   * manifest's order; fetches from {@code source} what the cache lacks.
   */
  public String classPath(ClassPathManifest manifest, Source source) throws IOException {
    List<String> paths = new ArrayList<>();
    for (ClassPathManifest.Entry jar : manifest.entries()) {
      paths.add(jarFor(jar, source).toString());
    }
    return String.join(File.pathSeparator, paths);
  }

  /** How many jars the cache holds: for tests. */
  int size() throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (var entries = Files.list(folder)) {
      return (int) entries.filter(Files::isDirectory).count();
    }
  }

  private Path jarFor(ClassPathManifest.Entry jar, Source source) throws IOException {
    if (!jar.sha256().matches("[0-9a-f]{64}")) {
      throw new RayException("Not a jar's hash: " + jar.sha256());
    }
    Path home = folder.resolve(jar.sha256());
    Path target = home.resolve(safeName(jar.fileName()));
    if (Files.isRegularFile(target)) {
      return target;
    }
    createPrivate(folder);
    Files.createDirectories(home);
    Path partial = Files.createTempFile(home, "fetching-", ".part");
    try {
      source.fetch(jar, partial);
      long size = Files.size(partial);
      String sha = ClassPathManifest.sha256(partial);
      if (size != jar.size() || !sha.equals(jar.sha256())) {
        throw new RayException("The jar " + jar.fileName() + " arrived damaged: " + size
            + " bytes with hash " + sha + ", where its driver sent " + jar.size() + " bytes with"
            + " hash " + jar.sha256() + ".");
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target);
      } catch (FileAlreadyExistsException e) {
        // another driver's start fetched the same jar meanwhile: the same bytes
      }
      return target;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** A driver names its jars; only the last part of the name is kept, and never "." or "..". */
  private static String safeName(String fileName) {
    String name = Path.of(fileName).getFileName().toString();
    return name.equals(".") || name.equals("..") || name.isBlank() ? "classes.jar" : name;
  }

  private static void createPrivate(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    Files.createDirectories(folder.getParent());
    try {
      Files.createDirectory(folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // made meanwhile
    }
  }
}
