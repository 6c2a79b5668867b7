package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** Ray's "single client tasks sync" and "single client tasks async", with a no-op task. */
public class TaskBenchmarks {
  /** Tasks in flight at once in the async case, as in Ray's benchmark. */
  static final int BATCH = 1000;

  /** Submit one task, wait for its result, repeat. */
  @Benchmark
  public int tasksSync(RayState ray) {
    return Ray.get(NoopsRemote.noop());
  }

  /** Submit {@value #BATCH} tasks, then get all their results. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Integer> tasksAsync(RayState ray) {
    List<ObjectRef<Integer>> refs = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      refs.add(NoopsRemote.noop());
    }
    return Ray.get(refs);
  }
}
