package io.jray.benchmarks;

import io.jray.internal.StoredValues;
import io.jray.internal.driver.SessionDir;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a fresh JVM's first puts into the store cost: 20,000 puts of an 8-byte value under new
 * ids (as a worker stores its results), timed per 1,000, into a store of its own in
 * {@code /dev/shm}. Chronicle Map's insert path is long, and runs interpreted, then in C1's code,
 * until the JIT has compiled it: the first thousands cost many times the warm figure. Run:
 * {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.StorePutCurve}.
 */
public final class StorePutCurve {
  private static final int BLOCKS = 20;
  private static final int PER_BLOCK = 1_000;

  private StorePutCurve() {}

  /**
   * Prints the microseconds a put took in each block of 1,000.
   *
   * @param args none
   * @throws IOException if the store's folder cannot be made
   */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-put-curve-");
    ObjectStore store = ObjectStore.create(dir, 1L << 30);
    try {
      long prefix = 7L << 40; // ids as a worker's: its tag, then a counter
      byte[] value = new byte[8];
      StringBuilder line = new StringBuilder();
      for (int block = 0; block < BLOCKS; block++) {
        long start = System.nanoTime();
        for (int i = 0; i < PER_BLOCK; i++) {
          store.put(prefix | (block * (long) PER_BLOCK + i + 1), StoredValues.VALUE, value);
        }
        line.append(String.format(Locale.ROOT, " %.1f",
            (System.nanoTime() - start) / 1000.0 / PER_BLOCK));
      }
      System.out.println("µs a put, per 1,000 of a fresh JVM's first 20,000:" + line);
    } finally {
      store.close();
      SessionDir.deleteTree(dir);
      SessionDir.deleteTree(ObjectStore.defaultSpillDir(dir));
    }
  }
}
