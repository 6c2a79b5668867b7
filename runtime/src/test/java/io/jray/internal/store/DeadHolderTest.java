package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.store.StoreChild.Values;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A process SIGKILLed inside the store, even holding a segment lock, must not wedge it: the
 * others go on within seconds and lose nothing that was stored before the kill.
 */
@Timeout(180)
class DeadHolderTest {
  /** Time the driver side may take to use a segment that a dead process held. */
  private static final long RECOVERY_BUDGET_MS = 3_000;

  private final TestSessions sessions = new TestSessions();
  private Path sessionDir;
  private ObjectStore store;

  @BeforeEach
  void createStore() throws Exception {
    sessionDir = sessions.newSessionDir();
    store = ObjectStore.create(sessionDir, 4L << 30);
  }

  @AfterEach
  void removeStore() throws Exception {
    store.close();
    sessions.close();
  }

  @Test
  void aSegmentHeldByAKilledProcessIsRecoveredByItsNextUser() throws Exception {
    for (long id = 0; id < 1_000; id++) {
      store.put(id, (byte) 1, Values.of(id, 100));
    }
    try (ChildJvm child = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(),
        "hold", sessionDir.toString(), "42")) {
      awaitLine(child.output(), "HELD");
      child.kill();
    }

    long start = System.nanoTime();
    store.put(42_000_000_042L, (byte) 1, Values.of(42, 100)); // any id; segment of 42 below
    assertTrue(Values.matches(42, 100, store.get(42).data()));
    for (long id = 0; id < 1_000; id++) {
      assertTrue(Values.matches(id, 100, store.get(id).data()), "object " + id);
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue(tookMs < RECOVERY_BUDGET_MS, "took " + tookMs + " ms");
    assertEquals(1, store.index().recoveries());
  }

  @Test
  void recoverDeadHoldersUnlocksAtOnce() throws Exception {
    try (ChildJvm child = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(),
        "hold", sessionDir.toString(), "7")) {
      awaitLine(child.output(), "HELD");
      assertEquals(0, store.recoverDeadHolders(), "the holder is alive");
      child.kill();
    }

    assertEquals(1, store.recoverDeadHolders());
    assertEquals(0, store.recoverDeadHolders());
    store.put(7, (byte) 1, Values.of(7, 100));
    assertTrue(Values.matches(7, 100, store.get(7).data()));
  }

  /**
   * A child puts 100 B, 60 KB (inline) and 1 MB (file) values in a loop and is SIGKILLed at a
   * random moment, 20 times over; after each kill every object it reported stored reads back
   * intact, and the driver side puts and reads in every segment within the budget.
   */
  @Test
  void killedAtRandomMomentsTheStoreGoesOnAndKeepsEveryFinishedObject() throws Exception {
    Random random = new Random(20240611);
    int trials = 20;
    long worstMs = 0;
    int checked = 0;
    for (int trial = 0; trial < trials; trial++) {
      long first = (trial + 1) * 1_000_000L;
      List<long[]> stored = new ArrayList<>();
      try (ChildJvm child = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(),
          "churn", sessionDir.toString(), Long.toString(first))) {
        BufferedReader output = child.output();
        awaitLine(output, "READY");
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> collect(output, stored));
        Thread.sleep(50 + random.nextInt(400));
        child.kill();
        reading.get(10, TimeUnit.SECONDS);
      }

      long start = System.nanoTime();
      if (trial % 2 == 0) {
        store.recoverDeadHolders(); // as the driver does; odd trials recover lazily
      }
      for (long[] object : stored) {
        StoredObject read = store.get(object[0]);
        assertNotNull(read, "trial " + trial + ": object " + object[0] + " lost");
        assertTrue(Values.matches(object[0], (int) object[1], read.data()),
            "trial " + trial + ": object " + object[0] + " damaged");
      }
      long next = stored.isEmpty() ? first : stored.get(stored.size() - 1)[0] + 1;
      StoredObject unreported = store.get(next); // put, but killed before it said so
      if (unreported != null) {
        int size = StoreChild.CHURN_SIZES[(int) (next % StoreChild.CHURN_SIZES.length)];
        assertTrue(Values.matches(next, size, unreported.data()), "object " + next + " torn");
      }
      for (long id = 0; id < 4 * store.index().segments(); id++) {
        long fresh = -first - id; // spread over the segments
        store.put(fresh, (byte) 1, Values.of(fresh, 100));
        assertTrue(Values.matches(fresh, 100, store.get(fresh).data()));
      }
      worstMs = Math.max(worstMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      checked += stored.size();
    }

    System.out.printf("%d kills, %d objects checked, %d segments recovered, worst recovery %d ms%n",
        trials, checked, store.index().recoveries(), worstMs);
    assertTrue(worstMs < RECOVERY_BUDGET_MS, "worst " + worstMs + " ms");

    // Files the children wrote but never indexed are found and deleted.
    store.removeDeadProcessLeftovers();
    try (Stream<Path> files = Files.list(sessionDir.resolve("store").resolve("objects"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        byte[] entry = store.index().get(Long.parseUnsignedLong(name.substring(0, 16), 16));
        assertNotNull(entry, "unindexed file " + name);
        assertEquals(Long.parseUnsignedLong(name.substring(17), 16), IndexEntry.nonce(entry), name);
      }
    }
  }

  private static void collect(BufferedReader output, List<long[]> stored) {
    try {
      for (String line; (line = output.readLine()) != null; ) {
        if (line.startsWith("PUT ")) {
          String[] parts = line.split(" ");
          stored.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
        }
      }
    } catch (java.io.IOException e) {
      // The child was killed: its output ends here.
    }
  }

  private static void awaitLine(BufferedReader output, String expected) throws Exception {
    StringBuilder seen = new StringBuilder();
    for (String line; (line = output.readLine()) != null; ) {
      if (line.equals(expected)) {
        return;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("child ended before " + expected + ":\n" + seen);
  }
}
