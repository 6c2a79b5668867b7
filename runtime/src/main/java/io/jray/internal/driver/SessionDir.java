package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.internal.FolderLock;
import io.jray.internal.Log;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The session's folder in shared memory, {@code /dev/shm/jray-<driver pid>-<random>}, mode 0700:
 * the store's files and the control socket live here, and nothing of the session lives anywhere
 * else, so removing it removes everything. The driver holds the folder's {@link FolderLock} from
 * its creation to its removal: that, not whether its pid is running, tells other drivers that it
 * is live (a driver in another PID namespace that shares /dev/shm has a pid we cannot see).
 */
public final class SessionDir {
  /** Session folders are named {@code PREFIX + driver pid + "-" + suffix}. */
  public static final String PREFIX = "jray-";
  /** A folder not yet locked: no pid in its name, so that no pid rule removes it. */
  private static final String NEW_PREFIX = PREFIX + "new-";
  private static final Path DEFAULT_ROOT = Paths.get("/dev/shm");

  /** The file, in a session folder, that holds its dashboard's address. */
  public static final String DASHBOARD_URL_FILE = "dashboard.url";

  private final Path path;
  private final FolderLock lock;

  private SessionDir(Path path, FolderLock lock) {
    this.path = path;
    this.lock = lock;
  }

  /** Creates a new session folder, after removing those of drivers that died without cleaning. */
  public static SessionDir create() {
    Path root = Files.isDirectory(DEFAULT_ROOT) ? DEFAULT_ROOT
        : Paths.get(System.getProperty("java.io.tmpdir"));
    removeStale(root);
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String suffix = HexFormat.of().formatHex(random);
    Path path = root.resolve(PREFIX + ProcessHandle.current().pid() + "-" + suffix);
    // Made under another name and renamed once locked: a folder with our pid and no lock file
    // yet would look like one of the old layout, which drivers judge by pid.
    Path unlocked = root.resolve(NEW_PREFIX + suffix);
    FolderLock lock = null;
    try {
      Files.createDirectory(unlocked,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      lock = FolderLock.create(unlocked);
      Files.move(unlocked, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTree(unlocked);
      if (lock != null) {
        lock.release();
      }
      throw new RayException("Cannot create the session folder " + path + ": " + e
          + ". jray keeps its object store in shared memory: check that " + root
          + " exists and is writable.", e);
    }
    return new SessionDir(path, lock);
  }

  /**
   * Leaves the dashboard's address (with its token, if any) in the session folder, which only
   * this user may read, for {@code jray status}, {@code list} and {@code logs} on this machine.
   */
  public void writeDashboardUrl(String url) {
    try {
      Files.writeString(path.resolve(DASHBOARD_URL_FILE), url + "\n");
    } catch (IOException e) {
      Log.debug("Could not write the dashboard's address to {}: {}", path, e.toString());
    }
  }

  public Path path() {
    return path;
  }

  /**
   * Makes everything in the folder its user's only (files 0600, folders 0700), whatever the
   * driver's umask: files that jray creates later are made so at creation.
   */
  public void restrictAll() {
    try (var entries = Files.walk(path)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Files.setPosixFilePermissions(entry,
            PosixFilePermissions.fromString(Files.isDirectory(entry) ? "rwx------" : "rw-------"));
      }
    } catch (IOException | UncheckedIOException e) {
      Log.warn("Could not restrict the permissions in {}: {}", path, e.toString());
    }
  }

  /** Removes the folder and everything in it, then releases its lock. Idempotent. */
  public void delete() {
    deleteTree(path);
    lock.release();
  }

  /**
   * Removes the folders of sessions whose driver is gone: those whose lock can be taken, and
   * those of the old layout (no lock file) whose driver's pid is not running.
   */
  static void removeStale(Path root) {
    try (DirectoryStream<Path> sessions = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path session : sessions) {
        if (Files.isDirectory(session, LinkOption.NOFOLLOW_LINKS)) {
          removeIfStale(session);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      Log.warn("Could not look for stale sessions in {}: {}", root, e.toString());
    }
  }

  /** Removed while holding its lock, so that two drivers starting together do not both act. */
  private static void removeIfStale(Path session) {
    Optional<FolderLock> lock;
    try {
      lock = FolderLock.tryTake(session);
    } catch (NoSuchFileException noLockFile) {
      removeIfDriverGone(session);
      return;
    } catch (IOException e) {
      Log.warn("Could not tell whether {} is in use: {}", session, e.toString());
      return;
    }
    if (lock.isPresent()) {
      try {
        Log.info("Removing {}, left by a driver that is gone", session);
        deleteTree(ObjectStore.defaultSpillDir(session));
        deleteTree(session);
      } finally {
        lock.get().release();
      }
    }
  }

  /** The old layout's rule, for folders without a lock file: the driver's pid is not running. */
  private static void removeIfDriverGone(Path session) {
    Optional<Long> pid = driverPidOf(session.getFileName().toString());
    if (pid.isPresent() && ProcessHandle.of(pid.get()).isEmpty()) {
      Log.info("Removing {}, left by a driver (pid={}) that is gone", session, pid.get());
      deleteTree(session);
      deleteTree(ObjectStore.defaultSpillDir(session));
    }
  }

  static Optional<Long> driverPidOf(String folderName) {
    if (!folderName.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = folderName.substring(PREFIX.length());
    int dash = rest.indexOf('-');
    try {
      return Optional.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Best effort, tolerant of other processes removing the same files at the same time. */
  public static void deleteTree(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException ignored) {
      // Already gone.
    } catch (IOException e) {
      Log.warn("Could not remove {}: {}", root, e.toString());
    }
  }
}
