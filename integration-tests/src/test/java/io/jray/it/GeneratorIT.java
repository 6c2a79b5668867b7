package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskFailedException;
import io.jray.TaskOptions;
import io.jray.Tuning;
import io.jray.state.TaskState;
import io.jray.WorkerDiedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming generators across real worker processes. */
class GeneratorIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final int BOUND = Tuning.DEFAULT_GENERATOR_BACKPRESSURE;
  private static final int MIB = 1 << 20;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void theFirstValueArrivesLongBeforeTheLast() {
    long start = System.nanoTime();
    ObjectRefGenerator<Integer> generator = GeneratorsRemote.countTo(5, 300);
    long returned = System.nanoTime();
    List<Integer> values = new ArrayList<>();
    List<Long> arrivals = new ArrayList<>();
    for (ObjectRef<Integer> ref : generator) {
      values.add(Ray.get(ref, LIMIT));
      arrivals.add(System.nanoTime());
    }
    long end = System.nanoTime();
    assertEquals(List.of(1, 2, 3, 4, 5), values);
    assertTrue(millis(start, returned) < 200, "the stub returned at once");
    // Five values 300 ms apart: the first is read about 1.2 s before the generator ends.
    assertTrue(millis(arrivals.get(0), end) > 900,
        "first value at " + millis(start, arrivals.get(0)) + " ms, end at " + millis(start, end)
            + " ms");
    for (int i = 1; i < arrivals.size(); i++) {
      assertTrue(millis(arrivals.get(i - 1), arrivals.get(i)) > 150,
          "value " + i + " came " + millis(arrivals.get(i - 1), arrivals.get(i)) + " ms after");
    }
  }

  @Test
  void aSlowConsumerHoldsTheProducerWithinTheBound() throws InterruptedException {
    int count = 10;
    Iterator<ObjectRef<Long>> refs = GeneratorsRemote.pullTimes(count).iterator();
    List<Long> taken = new ArrayList<>();
    List<ObjectRef<Long>> kept = new ArrayList<>();
    while (refs.hasNext()) {
      taken.add(System.currentTimeMillis()); // before next(), which tells the producer
      kept.add(refs.next());
      Thread.sleep(100); // a slow consumer
    }
    List<Long> pulled = Ray.get(kept, LIMIT);
    assertEquals(count, pulled.size());
    // Value j may be pulled only once the ref of value j - BOUND has been taken.
    for (int j = BOUND; j < count; j++) {
      assertTrue(pulled.get(j) >= taken.get(j - BOUND), "value " + j + " pulled at "
          + pulled.get(j) + ", before ref " + (j - BOUND) + " was taken at "
          + taken.get(j - BOUND));
    }
    // And the first BOUND values did not wait for the consumer.
    assertTrue(pulled.get(BOUND - 1) - pulled.get(0) < 90, "pulled " + pulled);
  }

  @Test
  void generatorsThatWaitForTheirConsumerLendTheirCpusToTheTasksItWaitsFor() {
    // Both generators take a CPU each (all there are) and wait for the consumer at the bound;
    // the consumer sends each value through a task, which needs a CPU to run.
    ObjectRefGenerator<Integer> first = GeneratorsRemote.countTo(2 * BOUND, 0);
    ObjectRefGenerator<Integer> second = GeneratorsRemote.countTo(2 * BOUND, 0);
    List<Integer> doubled = new ArrayList<>();
    for (ObjectRefGenerator<Integer> generator : List.of(first, second)) {
      for (ObjectRef<Integer> ref : generator) {
        doubled.add(Ray.get(GeneratorsRemote.twice(ref), LIMIT));
      }
    }
    assertEquals(4 * BOUND, doubled.size());
    assertEquals(List.of(2, 4, 6, 8, 10, 12, 14, 16), doubled.subList(0, 2 * BOUND));
  }

  @Test
  void aGeneratorThatThrowsEndsWithItsErrorAfterItsValues() {
    List<Integer> values = new ArrayList<>();
    TaskFailedException failure = null;
    for (ObjectRef<Integer> ref : GeneratorsRemote.throwAfter(2)) {
      try {
        values.add(Ray.get(ref, LIMIT));
      } catch (TaskFailedException e) {
        failure = e;
      }
    }
    assertEquals(List.of(1, 2), values);
    assertTrue(failure != null, "the last ref fails");
    assertInstanceOf(IllegalStateException.class, failure.getCause());
    assertTrue(failure.getMessage().contains("broke after 2 values"), failure.getMessage());
    // The state API shows the generator as the task it is, failed.
    assertTrue(Ray.state().tasks(TaskState.FAILED, 0, 1000).items().stream()
        .anyMatch(task -> task.function().equals("io.jray.it.Generators.throwAfter")));
  }

  @Test
  void aStreamsValuesArePlainRefs() {
    List<Integer> doubled = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (ObjectRef<String> ref : GeneratorsRemote.words("to be or not")) {
      words.add(Ray.get(ref, LIMIT));
    }
    for (ObjectRef<Integer> ref : GeneratorsRemote.countTo(3, 0)) {
      doubled.add(Ray.get(GeneratorsRemote.twice(ref), LIMIT)); // a ref passed to a task
    }
    assertEquals(List.of("to", "be", "or", "not"), words);
    assertEquals(List.of(2, 4, 6), doubled);
    // Options apply to a generator's task as to any.
    List<String> optioned = new ArrayList<>();
    TaskOptions.builder().numCpus(2).build().run(() -> GeneratorsRemote.words("with options"))
        .forEach(ref -> optioned.add(Ray.get(ref, LIMIT)));
    assertEquals(List.of("with", "options"), optioned);
    assertTrue(Ray.state().tasks(TaskState.FINISHED, 0, 1000).items().stream()
        .anyMatch(task -> task.function().equals("io.jray.it.Generators.words")));
  }

  @Test
  void eachValueIsFreedWhenItsRefsAreGoneAndADroppedGeneratorRunsToItsEnd() {
    long before = RefCountingIT.largeObjects();
    List<ObjectRef<byte[]>> kept = new ArrayList<>();
    GeneratorsRemote.blocks(6, MIB).forEach(kept::add);
    assertEquals(6, kept.size());
    assertEquals(5, Ray.get(kept.get(5), LIMIT)[0]);
    assertEquals(before + 6, RefCountingIT.largeObjects());
    kept = null;
    RefCountingIT.awaitCount(RefCountingIT::largeObjects, before);

    // Two refs taken of 3 * BOUND, then the generator dropped: its task ends anyway, and every
    // value is freed, those taken once their refs go too.
    Iterator<ObjectRef<byte[]>> refs = GeneratorsRemote.blocks(3 * BOUND, MIB).iterator();
    List<ObjectRef<byte[]>> taken = List.of(refs.next(), refs.next());
    assertEquals(1, Ray.get(taken.get(1), LIMIT)[0]);
    refs = null;
    RefCountingIT.awaitCount(RefCountingIT::unfinishedTasks, 0);
    RefCountingIT.awaitCount(RefCountingIT::largeObjects, before + 2);
    taken = null;
    RefCountingIT.awaitCount(RefCountingIT::largeObjects, before);
  }

  @Test
  void anActorMethodStreams() {
    // More lines than the bound: the actor's call waits for the consumer on the way.
    Generators_LinesRemote lines = Generators_LinesRemote.create("a\nb\nc\nd\ne\nf\ng\nh");
    List<String> got = new ArrayList<>();
    for (ObjectRef<String> ref : lines.numbered()) {
      got.add(Ray.get(ref, LIMIT));
    }
    assertEquals(List.of("1: a", "2: b", "3: c", "4: d", "5: e", "6: f", "7: g", "8: h"), got);
    assertEquals(8, Ray.get(lines.served(), LIMIT)); // calls after it, in order
  }

  @Test
  void aGeneratorWhoseWorkerDiesRunsAgainAndRepeatsNoValue() throws Exception {
    Path marks = dir.resolve("marks");
    List<Integer> values = new ArrayList<>();
    for (ObjectRef<Integer> ref : GeneratorsRemote.dieOnceAfter(marks.toString(), 2, 5)) {
      values.add(Ray.get(ref, LIMIT));
    }
    assertEquals(List.of(1, 2, 3, 4, 5), values);
    assertEquals(2, Files.readAllLines(marks).size());
  }

  @Test
  void aGeneratorWhoseWorkerDiesWithoutRetriesEndsWithWorkerDied() {
    Iterator<ObjectRef<Integer>> refs = GeneratorsRemote.dieAfter(2).iterator();
    assertEquals(1, Ray.get(refs.next(), LIMIT));
    assertEquals(2, Ray.get(refs.next(), LIMIT));
    assertTrue(refs.hasNext());
    ObjectRef<Integer> last = refs.next();
    assertThrows(WorkerDiedException.class, () -> Ray.get(last, LIMIT));
    assertFalse(refs.hasNext());
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
