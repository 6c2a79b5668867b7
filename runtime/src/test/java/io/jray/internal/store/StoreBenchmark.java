package io.jray.internal.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Large-value put and get speed against System.arraycopy of the same size, medians of 9 runs in
 * this JVM. A rough loop, not JMH: {@code mvn -B -q -pl runtime -am install
 * -Dtest=StoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djray.bench=true}.
 */
@EnabledIfSystemProperty(named = "jray.bench", matches = "true")
class StoreBenchmark {
  private static final int RUNS = 9;
  private static final int WARMUP = 3;

  interface Step {
    void run(long id);
  }

  @Test
  void largeValues() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ObjectStore store = ObjectStore.create(sessionDir, 1L << 30)) {
        for (int size : new int[] {1 << 20, 10 << 20, 100 << 20}) {
          measure(store, size);
        }
      }
    }
  }

  private static void measure(ObjectStore store, int size) {
    byte[] source = new byte[size];
    new Random(size).nextBytes(source);
    byte[] target = new byte[size];
    double copy = median(size, id -> System.arraycopy(source, 0, target, 0, size), id -> {});
    double put = median(size, id -> store.put(id, (byte) 0, source), store::delete);
    double putWriter = median(size,
        id -> store.put(id, (byte) 0, size, buffer -> buffer.put(source)), store::delete);
    store.put(-1, (byte) 0, source);
    double get = median(size, id -> store.get(-1).data().get(target), id -> {});
    store.delete(-1);
    System.out.printf("%4d MB: arraycopy %6.2f GB/s | put(byte[]) %5.2f GB/s (%.2fx) | "
            + "put(writer, mapped) %5.2f GB/s (%.2fx) | get+copy %5.2f GB/s (%.2fx)%n",
        size >> 20, copy, put, put / copy, putWriter, putWriter / copy, get, get / copy);
  }

  /** Median GB/s of step over RUNS runs after WARMUP, each followed by an untimed cleanup. */
  private static double median(int size, Step step, Step cleanup) {
    double[] rates = new double[RUNS];
    for (int run = -WARMUP; run < RUNS; run++) {
      long id = run + 1000;
      long start = System.nanoTime();
      step.run(id);
      long nanos = System.nanoTime() - start;
      cleanup.run(id);
      if (run >= 0) {
        rates[run] = size / (double) nanos;
      }
    }
    Arrays.sort(rates);
    return rates[RUNS / 2];
  }
}
