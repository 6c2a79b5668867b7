package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Ray's "1:1 actor calls sync/async" and "n:n actor calls async": calls to a small actor, one
 * caller and one actor, or one caller thread per core, each with its own actor.
 */
public class ActorBenchmarks {
  static final int BATCH = 1000;

  /**
   * One actor, started and answering before timing begins; one per thread in the n:n case.
   * {@code Ray.shutdown} ends it: a killed process would leave no profile behind.
   */
  @State(Scope.Thread)
  public static class ActorState {
    CounterRemote actor;

    @Setup(Level.Trial)
    public void start(RayState ray) {
      actor = CounterRemote.create();
      Ray.get(actor.increment()); // its process is up
    }
  }

  @Benchmark
  public int actorCallsSync(ActorState state) {
    return Ray.get(state.actor.increment());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Integer> actorCallsAsync(ActorState state) {
    return callAll(state.actor);
  }

  /** As {@link #actorCallsAsync}, from one thread per core at once; JMH sums the threads. */
  @Benchmark
  @Threads(Threads.MAX)
  @OperationsPerInvocation(BATCH)
  public List<Integer> actorCallsAsyncNtoN(ActorState state) {
    return callAll(state.actor);
  }

  private static List<Integer> callAll(CounterRemote actor) {
    List<ObjectRef<Integer>> refs = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      refs.add(actor.increment());
    }
    return Ray.get(refs);
  }
}
