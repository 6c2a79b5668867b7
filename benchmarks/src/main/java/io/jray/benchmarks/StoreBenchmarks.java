package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ray's "single client put/get calls" with a 100-byte value, and "put/get gigabytes" with one
 * 100 MB array (the runner turns large operations per second into GB/s). A ref that the benchmark
 * drops frees its object once the GC collects it, as a user's would.
 */
public class StoreBenchmarks {
  static final int SMALL = 100;
  static final int LARGE = 100 * 1000 * 1000;

  @State(Scope.Benchmark)
  public static class Values {
    byte[] small;
    byte[] large;
    ObjectRef<byte[]> smallRef;
    ObjectRef<byte[]> largeRef;

    @Setup(Level.Trial)
    public void fill(RayState ray) {
      small = new byte[SMALL];
      large = new byte[LARGE];
      for (int i = 0; i < LARGE; i += 4096) {
        large[i] = (byte) i;
      }
      smallRef = Ray.put(small);
      largeRef = Ray.put(large);
    }
  }

  @Benchmark
  public ObjectRef<byte[]> putSmall(Values values) {
    return Ray.put(values.small);
  }

  @Benchmark
  public byte[] getSmall(Values values) {
    return Ray.get(values.smallRef);
  }

  @Benchmark
  public ObjectRef<byte[]> putLarge(Values values) {
    return Ray.put(values.large);
  }

  @Benchmark
  public byte[] getLarge(Values values) {
    return Ray.get(values.largeRef);
  }
}
