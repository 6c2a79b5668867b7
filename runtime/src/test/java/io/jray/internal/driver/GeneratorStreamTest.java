package io.jray.internal.driver;

import static io.jray.internal.driver.FakeWorld.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.WorkerDiedException;
import io.jray.internal.ObjectRefImpl;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A streaming generator as the driver sees it, with the core and fake workers: values as they
 * arrive, what the producer hears of the refs taken, the end, and a producer that dies.
 */
class GeneratorStreamTest {
  private final FakeWorld world = new FakeWorld(1, 0, 16);
  /** Ends that the fake store holds as errors (a worker stored its generator's throw). */
  private final Set<Long> failedEnds = new HashSet<>();
  private final List<Long> discarded = new ArrayList<>();
  private final GeneratorStreams streams = new GeneratorStreams(new GeneratorStream.Seams() {
    @Override
    public boolean endFailed(ObjectRef<?> end) {
      long id = ObjectRefImpl.idOf(end);
      return failedEnds.contains(id) || world.settledError(id) != null;
    }

    @Override
    public void discard(long itemId) {
      discarded.add(itemId);
    }
  });

  GeneratorStreamTest() {
    world.onSettled = streams::settled;
  }

  /** Submits the generator's call, as DriverRuntime does: the stream opens first. */
  private ObjectRefGenerator<Integer> submit(TaskSpec call) {
    return streams.open(call.taskId(), () -> {
      world.core.submitHeld(call);
      return new ObjectRefImpl<>(call.taskId());
    });
  }

  /** A frame from the worker, routed as the driver's runtime routes it. */
  private void frame(Worker worker, ToDriver frame) {
    if (!world.core.frame(worker, frame)) {
      streams.item(worker, (ToDriver.GeneratorItem) frame);
    }
  }

  private void item(Worker worker, TaskSpec call, int index, long itemId) {
    frame(worker, new ToDriver.GeneratorItem(call.taskId(), index, itemId));
  }

  private static List<ToWorker.GeneratorConsumed> consumed(Worker worker) {
    List<ToWorker.GeneratorConsumed> frames = new ArrayList<>();
    for (ToWorker frame : sent(worker)) {
      if (frame instanceof ToWorker.GeneratorConsumed consumed) {
        frames.add(consumed);
      }
    }
    return frames;
  }

  private static long id(ObjectRef<?> ref) {
    return ObjectRefImpl.idOf(ref);
  }

  @Test
  void valuesAreHandedOutInOrderAndEachRefTakenIsToldToTheProducer() {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("countTo", 0);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    sent(worker); // the EXECUTE
    item(worker, call, 0, 501);
    item(worker, call, 1, 502);
    assertEquals(List.of(), consumed(worker), "nothing taken yet");
    assertEquals(501, id(refs.next()));
    assertEquals(List.of(new ToWorker.GeneratorConsumed(call.taskId(), 1)), consumed(worker));
    assertEquals(502, id(refs.next()));
    assertEquals(List.of(new ToWorker.GeneratorConsumed(call.taskId(), 2)), consumed(worker));
    world.finish(worker, call); // its end: the count, stored
    assertFalse(refs.hasNext());
    assertThrows(NoSuchElementException.class, refs::next);
    assertFalse(streams.isOpen(call.taskId()));
    assertEquals(List.of(), discarded);
  }

  @Test
  void hasNextWaitsUntilTheNextValueIsThere() throws Exception {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("slow", 0);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(refs::hasNext);
    assertFalse(waiting.isDone());
    item(worker, call, 0, 601);
    assertTrue(waiting.get(10, TimeUnit.SECONDS));
    CompletableFuture<Boolean> atTheEnd = CompletableFuture.supplyAsync(() -> {
      refs.next();
      return refs.hasNext();
    });
    world.finish(worker, call);
    assertFalse(atTheEnd.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aGeneratorThatThrowsHandsOutItsValuesThenOneRefThatHoldsTheError() {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("throwAfter", 0);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    item(worker, call, 0, 701);
    item(worker, call, 1, 702);
    failedEnds.add(call.taskId()); // the worker stored what the iterator threw
    world.store.add(call.taskId());
    frame(worker, new ToDriver.TaskDone(call.taskId(), "java.lang.IllegalStateException: broke",
        new long[0], true));
    assertEquals(701, id(refs.next()));
    assertEquals(702, id(refs.next()));
    assertTrue(refs.hasNext());
    assertEquals(call.taskId(), id(refs.next()), "the call's own result, which holds the error");
    assertFalse(refs.hasNext());
  }

  @Test
  void aProducerThatDiesWithoutRetriesEndsTheStreamWithWorkerDied() {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("dies", 0);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    item(worker, call, 0, 801);
    world.core.workerExited(worker, 137, "died with exit code 137");
    assertInstanceOf(WorkerDiedException.class, world.settledError(call.taskId()));
    assertEquals(801, id(refs.next()));
    assertEquals(call.taskId(), id(refs.next()));
    assertFalse(refs.hasNext());
  }

  @Test
  void aGeneratorRunAgainRepeatsNoValueAndItsNewProducerHearsWhatWasTaken() {
    Worker first = world.startPool(1).get(0);
    TaskSpec call = world.task("retried", 1);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    item(first, call, 0, 901);
    item(first, call, 1, 902);
    assertEquals(901, id(refs.next()));
    world.core.workerExited(first, 137, "died with exit code 137");
    Worker second = world.connectNewest();
    assertEquals(List.of(call.taskId()), FakeWorld.executed(second));
    item(second, call, 0, 911); // a repeat: freed
    assertEquals(List.of(new ToWorker.GeneratorConsumed(call.taskId(), 1)), consumed(second),
        "the new producer may run ahead of what the consumer took, not of nothing");
    item(second, call, 1, 912);
    item(second, call, 2, 913);
    world.finish(second, call);
    assertNull(world.settledError(call.taskId()));
    assertEquals(List.of(911L, 912L), discarded);
    List<Long> rest = new ArrayList<>();
    refs.forEachRemaining(ref -> rest.add(id(ref)));
    assertEquals(List.of(902L, 913L), rest);
  }

  @Test
  void aDroppedGeneratorLetsItsProducerRunAndFreesWhatComes() {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("dropped", 0);
    GeneratorStream<Integer> stream = new GeneratorStream<>(call.taskId(),
        new GeneratorStream.Seams() {
          @Override
          public boolean endFailed(ObjectRef<?> end) {
            return false;
          }

          @Override
          public void discard(long itemId) {
            discarded.add(itemId);
          }
        });
    stream.item(worker, 0, 1001);
    stream.abandon();
    assertEquals(List.of(new ToWorker.GeneratorConsumed(call.taskId(), Integer.MAX_VALUE)),
        consumed(worker));
    stream.item(worker, 1, 1002);
    assertEquals(List.of(1002L), discarded);
  }

  @Test
  void valuesOfAStreamThatEndedAreFreed() {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("late", 0);
    submit(call);
    world.finish(worker, call);
    item(worker, call, 0, 1101);
    assertEquals(List.of(1101L), discarded);
  }

  @Test
  void twoConsumerThreadsShareTheRefsAndEachIsHandedOutOnce() throws Exception {
    Worker worker = world.startPool(1).get(0);
    TaskSpec call = world.task("shared", 0);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    List<CompletableFuture<List<Long>>> consumers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      consumers.add(CompletableFuture.supplyAsync(() -> {
        List<Long> ids = new ArrayList<>();
        try {
          while (true) {
            ids.add(id(refs.next()));
          }
        } catch (NoSuchElementException end) {
          return ids;
        }
      }));
    }
    for (int index = 0; index < 200; index++) {
      item(worker, call, index, 2000 + index);
    }
    world.finish(worker, call);
    Set<Long> all = new HashSet<>();
    int count = 0;
    for (CompletableFuture<List<Long>> consumer : consumers) {
      List<Long> ids = consumer.get(10, TimeUnit.SECONDS);
      all.addAll(ids);
      count += ids.size();
    }
    assertEquals(200, count);
    assertEquals(200, all.size());
    assertFalse(all.contains(call.taskId()), "a generator that ended well hands out no end");
  }

  @Test
  void theSessionsEndEndsEveryStream() throws Exception {
    world.startPool(1);
    TaskSpec call = world.task("forever", 0);
    Iterator<ObjectRef<Integer>> refs = submit(call).iterator();
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(refs::hasNext);
    failedEnds.add(call.taskId()); // its get fails: the session is gone
    streams.endAll();
    assertTrue(waiting.get(10, TimeUnit.SECONDS));
    assertEquals(call.taskId(), id(refs.next()));
  }
}
