package io.jray.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Session directories on /dev/shm, as the runtime makes them, removed with everything in them. */
final class TestSessions implements AutoCloseable {
  private final List<Path> dirs = new ArrayList<>();

  Path newSessionDir() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-store-test-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    dirs.add(dir);
    return dir;
  }

  @Override
  public void close() throws IOException {
    for (Path dir : dirs) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(TestSessions::delete);
      }
    }
    dirs.clear();
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
