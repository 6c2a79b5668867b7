package io.jray.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Floors that jray is compared with, measured in the same run: the same no-op through an
 * in-process thread pool (what a call costs without any process boundary), and
 * {@code System.arraycopy} of 100 MB (what moving a large value costs at the least).
 */
public class BaselineBenchmarks {

  @State(Scope.Benchmark)
  public static class Pool {
    ExecutorService executor;

    @Setup(Level.Trial)
    public void start() {
      executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    }

    @TearDown(Level.Trial)
    public void stop() {
      executor.shutdownNow();
    }
  }

  @State(Scope.Benchmark)
  public static class Arrays {
    byte[] source = new byte[StoreBenchmarks.LARGE];
    byte[] target = new byte[StoreBenchmarks.LARGE];
  }

  private static int noop() {
    return 0;
  }

  @Benchmark
  public Integer executorSync(Pool pool) throws InterruptedException, ExecutionException {
    return pool.executor.submit(BaselineBenchmarks::noop).get();
  }

  @Benchmark
  @OperationsPerInvocation(TaskBenchmarks.BATCH)
  public int executorAsync(Pool pool) throws InterruptedException, ExecutionException {
    List<Future<Integer>> futures = new ArrayList<>(TaskBenchmarks.BATCH);
    for (int i = 0; i < TaskBenchmarks.BATCH; i++) {
      futures.add(pool.executor.submit(BaselineBenchmarks::noop));
    }
    int sum = 0;
    for (Future<Integer> future : futures) {
      sum += future.get();
    }
    return sum;
  }

  @Benchmark
  public byte[] arraycopyLarge(Arrays arrays) {
    System.arraycopy(arrays.source, 0, arrays.target, 0, arrays.source.length);
    return arrays.target;
  }
}
