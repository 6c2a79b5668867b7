package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.store.StoreChild.Values;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store shared with a second JVM, as between the driver and a worker. */
@Timeout(180)
class TwoProcessTest {
  private static final int LARGE = ObjectStore.INLINE_THRESHOLD + 1000;

  private final TestSessions sessions = new TestSessions();
  private Path sessionDir;
  private ObjectStore store;

  @BeforeEach
  void createStore() throws Exception {
    sessionDir = sessions.newSessionDir();
    store = ObjectStore.create(sessionDir, 1L << 30);
  }

  @AfterEach
  void removeStore() throws Exception {
    store.close();
    sessions.close();
  }

  @Test
  void eachProcessReadsWhatTheOtherWrote() throws Exception {
    store.put(1, (byte) 7, Values.of(1, 100));
    store.put(2, (byte) 7, Values.of(2, LARGE));

    ChildJvm.run("check", sessionDir.toString(), "1", "100");
    ChildJvm.run("check", sessionDir.toString(), "2", String.valueOf(LARGE));
    ChildJvm.run("put", sessionDir.toString(), "10", "3", "100");
    ChildJvm.run("put", sessionDir.toString(), "20", "2", String.valueOf(LARGE));

    for (long id : new long[] {10, 11, 12}) {
      assertTrue(Values.matches(id, 100, store.get(id).data()));
    }
    assertTrue(Values.matches(21, LARGE, store.get(21).data()));
    assertEquals(7, store.get(20).flags());
    assertEquals(4 * 100 + 3L * LARGE, store.usedBytes());
    assertEquals(7, store.objectCount());
  }

  @Test
  void theOtherProcessReadsAValueWrittenIntoAReusedFile() throws Exception {
    int size = 20 << 20;
    store.put(1, (byte) 7, Values.of(1, size));
    assertTrue(store.delete(1));
    store.put(2, (byte) 7, Values.of(2, size - 4096));
    assertEquals(0, store.pooledBytes(), "the freed file was reused");

    ChildJvm.run("check", sessionDir.toString(), "2", String.valueOf(size - 4096));
  }

  @Test
  void twoProcessesThatFirstUseTheStoreAtOnceMakeOneIndex() throws Exception {
    // Neither finds an index: one makes it while the other waits, then opens it.
    try (ChildJvm first = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(),
            "put", sessionDir.toString(), "1000", "2000", "100");
        ChildJvm second = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(),
            "put", sessionDir.toString(), "5000", "2000", "100")) {
      String output = first.await();
      assertEquals(0, first.exitValue(), output);
      output = second.await();
      assertEquals(0, second.exitValue(), output);
    }

    assertEquals(4000, store.objectCount());
    for (long id : new long[] {1000, 2999, 5000, 6999}) {
      assertTrue(Values.matches(id, 100, store.get(id).data()), "object " + id);
    }
  }

  @Test
  void concurrentPutsFromTwoProcessesKeepUsedBytesExact() throws Exception {
    try (ChildJvm child = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(),
        "put", sessionDir.toString(), "1000000", "30000", "100")) {
      for (long id = 0; id < 30_000; id++) {
        store.put(id, (byte) 0, Values.of(id, 100));
      }
      String output = child.await();
      assertEquals(0, child.exitValue(), output);
    }

    assertEquals(60_000 * 100L, store.usedBytes());
    assertEquals(60_000, store.objectCount());
    assertTrue(Values.matches(1_029_999, 100, store.get(1_029_999).data()));
  }
}
