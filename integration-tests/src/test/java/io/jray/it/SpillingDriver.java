package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A driver whose store spills to the folder given as its argument: it puts more than the store
 * holds, prints "SPILLED", then waits until its stdin closes and shuts down (or is killed).
 */
public final class SpillingDriver {
  static final int MIB = 1 << 20;
  static final long CAPACITY = 32L * MIB;
  static final int BLOCKS = 24; // of 2 MiB each: half again the capacity, all referenced

  private SpillingDriver() {}

  public static void main(String[] args) throws Exception {
    Ray.init(config(Path.of(args[0])));
    List<ObjectRef<byte[]>> refs = fill();
    System.out.println("SPILLED " + refs.size());
    System.out.flush();
    System.in.readAllBytes();
    Ray.shutdown();
  }

  static RayConfig config(Path spillDirectory) {
    return RayConfig.builder().numCpus(1).includeDashboard(false)
        .storeCapacityBytes(CAPACITY).spillDirectory(spillDirectory).build();
  }

  /** Puts BLOCKS blocks; the refs keep them all alive, so some must go to disk. */
  static List<ObjectRef<byte[]>> fill() {
    List<ObjectRef<byte[]>> refs = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      refs.add(Ray.put(block(i)));
    }
    return refs;
  }

  static byte[] block(int seed) {
    byte[] data = new byte[2 * MIB];
    Arrays.fill(data, (byte) seed);
    data[seed] = 42;
    return data;
  }
}
