package io.jray.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.util.ActorPool;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActorPoolTest {
  private static List<Counter.Handle> actors;

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(1).build());
    actors = List.of(Counter.Handle.create(0), Counter.Handle.create(1000));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void mapKeepsSubmissionOrderAndUsesEveryActor() {
    ActorPool<Counter.Handle, Long> pool = new ActorPool<>(actors);
    // The actors started at 0 and 1000, and may share a JVM: each answers with its own count.
    List<Long> counts = pool.map((actor, ignored) -> actor.add(0), List.of(1, 2, 3, 4, 5, 6));
    assertEquals(2, counts.stream().distinct().count(), counts.toString());
    assertFalse(pool.hasNext());
  }

  @Test
  void unorderedReturnsEveryResultOnce() {
    ActorPool<Counter.Handle, Long> pool = new ActorPool<>(actors);
    List<Long> values = LongStream.range(0, 10).boxed().collect(Collectors.toList());
    List<Long> results = new ArrayList<>(pool.mapUnordered((actor, v) -> actor.add(0), values));
    assertEquals(10, results.size());
    assertThrows(NoSuchElementException.class, pool::getNext);
  }
}
