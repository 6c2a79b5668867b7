package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that puts three times the store's capacity, every object still referenced: the store
 * spills to disk and restores on demand, and everything reads back.
 */
class StoreCapacityIT {
  private static final int MIB = 1 << 20;
  private static final long CAPACITY = 32L * MIB;
  @TempDir Path spill;

  @Test
  void threeTimesTheCapacityGoesThroughAndReadsBack() {
    Path spillDir = spill.resolve("jray-spill");
    Ray.init(RayConfig.builder().numCpus(2).includeDashboard(false)
        .storeCapacityBytes(CAPACITY).spillDirectory(spillDir).build());
    try {
      List<ObjectRef<byte[]>> puts = new ArrayList<>();
      List<ObjectRef<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        puts.add(Ray.put(block(i)));
        results.add(TasksRemote.bytes(2 * MIB)); // written by the workers
      }
      long total = 0;
      for (int i = 0; i < 24; i++) {
        assertArrayEquals(block(i), Ray.get(puts.get(i)), "put " + i);
        assertEquals(Tasks.checksum(block(i)), Ray.get(TasksRemote.checksum(puts.get(i))));
        assertArrayEquals(Tasks.bytes(2 * MIB), Ray.get(results.get(i)), "result " + i);
        total += 4L * MIB;
      }
      assertTrue(total >= 3 * CAPACITY, "only " + total + " bytes went through");
      assertTrue(Files.isDirectory(spillDir), "nothing was spilled");
      long used = Ray.state().summary().storeUsedBytes();
      assertTrue(used <= CAPACITY, "the store holds " + used + " bytes in memory");
    } finally {
      Ray.shutdown();
    }
    assertFalse(Files.exists(spillDir), "the spill folder outlived the session");
  }

  private static byte[] block(int seed) {
    byte[] data = new byte[2 * MIB];
    Arrays.fill(data, (byte) seed);
    data[seed] = 42;
    return data;
  }
}
