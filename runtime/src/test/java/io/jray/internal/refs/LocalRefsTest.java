package io.jray.internal.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalRefsTest {
  private final Recorder recorder = new Recorder();
  private LocalRefs refs = new LocalRefs(recorder);

  @AfterEach
  void close() {
    refs.close();
  }

  @Test
  void releasesOnlyWhenTheLastRefIsGone() {
    refs.count(1);
    refs.count(1);
    refs.drop(1);
    await(refs::drained);
    assertEquals(List.of("+1"), recorder.events());

    refs.drop(1);
    await(() -> recorder.events().size() == 2);
    assertEquals(List.of("+1", "-1"), recorder.events());
  }

  @Test
  void anIdTrackedAgainWhileItsDropIsQueuedStaysHeld() {
    refs.count(7);
    synchronized (refs) { // the drain thread cannot uncount until this block ends
      refs.drop(7);
      refs.count(7);
    }
    await(refs::drained);
    assertEquals(List.of("+7"), recorder.events());
  }

  @Test
  void acquiredAlwaysReachesTheListenerBeforeReleasedUnderConcurrency() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 20_000; i++) {
          long id = random.nextInt(16);
          refs.count(id);
          if (random.nextInt(8) == 0) {
            Thread.yield();
          }
          refs.drop(id);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    await(refs::drained);
    assertEquals(List.of(), recorder.violations);
    assertEquals(Set.of(), recorder.held.keySet());
  }

  @Test
  void theDrainThreadReportsQueuedDropsInBatches() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    recorder.onRelease = id -> {
      if (id == 0) {
        entered.countDown();
        awaitLatch(proceed);
      }
    };
    int n = 1_000;
    for (long id = 0; id <= n; id++) {
      refs.count(id);
    }
    refs.drop(0);
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    long before = refs.batches();
    for (long id = 1; id <= n; id++) {
      refs.drop(id); // never waits for the drain thread, which is stuck in the listener
    }
    proceed.countDown();
    await(() -> recorder.events().size() == 2 * (n + 1));
    long batches = refs.batches() - before;
    assertTrue(batches <= 1 + (n + LocalRefs.BATCH - 1) / LocalRefs.BATCH,
        "uncounted " + n + " drops in " + batches + " batches");
    assertEquals(Set.of("jray-refs"), recorder.releasingThreads);
  }

  @Test
  void refsThatTheCollectorFindsUnreachableAreReleased() {
    for (long id = 100; id < 200; id++) {
      refs.track(new Object(), id);
    }
    await(() -> {
      System.gc();
      return recorder.events().stream().filter(e -> e.startsWith("-")).count() == 100;
    });
    assertEquals(List.of(), recorder.violations);
  }

  @Test
  void aTrackerOfEveryRefReportsEachRefAndItsDrop() {
    List<String> events = new CopyOnWriteArrayList<>();
    LocalRefs everyRef = LocalRefs.everyRef(new LocalRefs.Listener() {
      @Override
      public void acquired(long id) {
        events.add("+" + id);
      }

      @Override
      public void released(long id) {
        events.add("-" + id);
      }
    });
    try {
      everyRef.count(1);
      everyRef.count(1);
      everyRef.drop(1);
      await(everyRef::drained);
      assertEquals(List.of("+1", "+1", "-1"), events);
      for (long id = 10; id < 20; id++) {
        everyRef.track(new Object(), id);
      }
      await(() -> {
        System.gc();
        return events.stream().filter(e -> e.startsWith("-")).count() == 11;
      });
    } finally {
      everyRef.close();
    }
  }

  @Test
  void aRefCountedElsewhereReportsOnlyItsDropAndDropsComeInBatches() {
    List<String> events = new CopyOnWriteArrayList<>();
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    LocalRefs everyRef = LocalRefs.everyRef(new LocalRefs.Listener() {
      @Override
      public void acquired(long id) {
        events.add("+" + id);
      }

      @Override
      public void released(long id) {
        throw new AssertionError("drops come as a batch");
      }

      @Override
      public void released(long[] ids, int count) {
        batchSizes.add(count);
        for (int i = 0; i < count; i++) {
          events.add("-" + ids[i]);
        }
      }
    });
    try {
      for (long id = 1; id <= 50; id++) {
        everyRef.trackCounted(new Object(), id);
      }
      await(() -> {
        System.gc();
        return events.size() == 50;
      });
      assertTrue(events.stream().allMatch(e -> e.startsWith("-")), events.toString());
      assertTrue(batchSizes.size() < 50, "some drops shared a batch: " + batchSizes);
    } finally {
      everyRef.close();
    }
    assertThrows(IllegalStateException.class, () -> refs.trackCounted(new Object(), 1));
  }

  @Test
  void closeStopsTheDrainThreadAndSilencesTheTracker() {
    refs.count(3);
    refs.close();
    refs.close();
    await(refs::drainerEnded);
    refs.drop(3);
    refs.count(4);
    refs.track(new Object(), 5);
    assertEquals(List.of("+3"), recorder.events());
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Checks that each id alternates acquired, released, acquired... */
  private static final class Recorder implements LocalRefs.Listener {
    final Map<Long, Boolean> held = new ConcurrentHashMap<>();
    final List<String> violations = new ArrayList<>();
    final Set<String> releasingThreads = ConcurrentHashMap.newKeySet();
    private final List<String> events = new ArrayList<>();
    volatile java.util.function.LongConsumer onRelease = id -> {};

    @Override
    public void acquired(long id) {
      if (held.put(id, true) != null) {
        violations.add("acquired " + id + " twice");
      }
      record("+" + id);
    }

    @Override
    public void released(long id) {
      releasingThreads.add(Thread.currentThread().getName());
      if (held.remove(id) == null) {
        violations.add("released " + id + " before acquiring it");
      }
      record("-" + id);
      onRelease.accept(id);
    }

    private synchronized void record(String event) {
      events.add(event);
    }

    synchronized List<String> events() {
      return new ArrayList<>(events);
    }
  }
}
