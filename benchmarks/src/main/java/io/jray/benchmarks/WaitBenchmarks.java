package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.WaitResult;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ray's "single client wait 1k refs", two ways. One operation is one round over 1,000 refs:
 * <ul>
 *   <li>{@code waitReady}: one {@code Ray.wait} for all of 1,000 refs that are in the store already
 *       (the cost of wait itself);
 *   <li>{@code waitProduced}: as Ray's benchmark, 1,000 no-op tasks submitted, then
 *       {@code Ray.wait(notReady, 1)} until none is left, while they are being produced.
 * </ul>
 */
public class WaitBenchmarks {
  static final int REFS = 1000;

  @State(Scope.Benchmark)
  public static class ReadyRefs {
    List<ObjectRef<Integer>> refs;

    @Setup(Level.Trial)
    public void put(RayState ray) {
      refs = new ArrayList<>(REFS);
      for (int i = 0; i < REFS; i++) {
        refs.add(Ray.put(i));
      }
    }
  }

  @Benchmark
  public WaitResult<Integer> waitReady(ReadyRefs ready) {
    return Ray.wait(ready.refs, REFS);
  }

  @Benchmark
  public int waitProduced(RayState ray) {
    List<ObjectRef<Integer>> notReady = new ArrayList<>(REFS);
    for (int i = 0; i < REFS; i++) {
      notReady.add(NoopsRemote.noop());
    }
    int rounds = 0;
    while (!notReady.isEmpty()) {
      notReady = Ray.wait(notReady, 1).unready();
      rounds++;
    }
    return rounds;
  }
}
