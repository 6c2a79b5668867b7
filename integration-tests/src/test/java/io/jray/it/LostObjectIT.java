package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectLostException;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object whose only copy is gone (here: its spilled file, removed behind jray's back) fails
 * get, and a task given it, with ObjectLostException; it used to throw a NullPointerException.
 */
class LostObjectIT {
  private static final int MIB = 1 << 20;
  @TempDir Path dir;

  @Test
  void anObjectWhoseSpilledFileIsGoneIsLost() throws IOException {
    Path spill = dir.resolve("spill");
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false)
        .storeCapacityBytes(16L * MIB).spillDirectory(spill).build());
    try {
      List<ObjectRef<byte[]>> refs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        refs.add(Ray.put(block(i))); // 36 MiB into 16: the oldest go to the spill folder
      }
      assertTrue(removeSpilledFiles(spill) > 0, "nothing was spilled");
      ObjectRef<byte[]> lost = null;
      for (int i = 0; i < refs.size(); i++) {
        ObjectRef<byte[]> ref = refs.get(i);
        try {
          assertArrayEquals(block(i), Ray.get(ref, Duration.ofSeconds(30)));
        } catch (ObjectLostException e) {
          assertTrue(e.getMessage().contains("gone"), e.getMessage());
          lost = ref;
        }
      }
      assertFalse(lost == null, "no get saw its spilled file gone");
      ObjectRef<byte[]> gone = lost;
      ObjectLostException inTask = assertThrows(ObjectLostException.class,
          () -> Ray.get(TasksRemote.checksum(gone), Duration.ofSeconds(30)));
      assertTrue(inTask.getMessage().contains("io.jray.it.Tasks.checksum"), inTask.getMessage());
    } finally {
      Ray.shutdown();
    }
  }

  private static long removeSpilledFiles(Path spill) throws IOException {
    if (!Files.isDirectory(spill)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(spill)) {
      List<Path> spilled = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".jray-lock")).toList();
      for (Path file : spilled) {
        Files.delete(file);
      }
      return spilled.size();
    }
  }

  private static byte[] block(int seed) {
    byte[] data = new byte[6 * MIB];
    Arrays.fill(data, (byte) seed);
    return data;
  }
}
