package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.store.StoreChild.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** More objects than fit in memory: freed by the reclaimer, else spilled to disk and restored. */
@Timeout(180)
class SpillTest {
  private static final int MB = 1 << 20;
  private static final long CAPACITY = 32L * MB;

  private final TestSessions sessions = new TestSessions();
  private Path sessionDir;
  private ObjectStore store;

  @BeforeEach
  void createStore() throws Exception {
    sessionDir = sessions.newSessionDir();
    store = ObjectStore.create(sessionDir, CAPACITY);
  }

  @AfterEach
  void removeStore() throws Exception {
    store.close();
    assertFalse(Files.exists(store.spillDir()), "spill folder left behind");
    sessions.close();
  }

  @Test
  void threeTimesTheCapacityFromTwoProcessesAllReadsBack() throws Exception {
    int size = 2 * MB;
    int each = (int) (3 * CAPACITY / size / 2); // 24 objects of 2 MB from each process
    try (ChildJvm child = ChildJvm.start(ChroniclePreflight.requiredJvmFlags(), "put",
        sessionDir.toString(), "1000", Integer.toString(each), Integer.toString(size))) {
      for (long id = 0; id < each; id++) {
        store.put(id, (byte) 7, Values.of(id, size));
        store.put(10_000 + id, (byte) 7, Values.of(10_000 + id, 100)); // small ones stay inline
      }
      String output = child.await();
      assertEquals(0, child.exitValue(), output);
    }
    assertTrue(store.usedBytes() <= CAPACITY);
    assertTrue(store.spilledBytes() > 0);

    for (long id = 0; id < each; id++) {
      assertTrue(Values.matches(id, size, get(id)), "object " + id);
      assertTrue(Values.matches(1000 + id, size, get(1000 + id)), "object " + (1000 + id));
      assertTrue(Values.matches(10_000 + id, 100, get(10_000 + id)), "object " + (10_000 + id));
    }
    // Another process restores what this one spilled.
    ChildJvm.run("check", sessionDir.toString(), "0", Integer.toString(size), Integer.toString(each));
    assertTrue(store.usedBytes() <= CAPACITY);
    assertEquals(3L * each, store.objectCount());

    for (long id = 0; id < each; id++) {
      assertTrue(store.delete(id));
      assertTrue(store.delete(1000 + id));
      assertTrue(store.delete(10_000 + id));
    }
    assertEquals(0, store.usedBytes());
    assertEquals(0, store.spilledBytes());
    assertEquals(0, files(store.spillDir()));
    assertEquals(0, files(sessionDir.resolve("store").resolve("objects")));
  }

  @Test
  void theReclaimerIsAskedBeforeAnythingIsSpilled() {
    List<Long> stored = new ArrayList<>();
    List<Long> asked = new ArrayList<>();
    store.setReclaimer(bytes -> {
      asked.add(bytes);
      while (!stored.isEmpty() && store.capacityBytes() - store.usedBytes() < bytes + 1) {
        store.delete(stored.remove(0));
      }
    });

    for (long id = 0; id < 20; id++) {
      store.put(id, (byte) 0, Values.of(id, 5 * MB));
      stored.add(id);
    }

    assertFalse(asked.isEmpty());
    assertEquals(0, store.spilledBytes());
    assertTrue(Values.matches(19, 5 * MB, get(19)));
  }

  @Test
  void aSpilledObjectIsReadFromDiskWhenNothingCanBeRestored() {
    store.put(1, (byte) 3, Values.of(1, 20 * MB));
    assertEquals(20L * MB, store.spill(1));
    for (int id = 2; id < 2 + CAPACITY / INLINE; id++) { // fill memory with unspillable objects
      store.put(id, (byte) 0, new byte[INLINE]);
    }

    StoredObject object = store.get(1);

    assertEquals(3, object.flags());
    assertTrue(Values.matches(1, 20 * MB, object.data()));
    assertEquals(0, files(sessionDir.resolve("store").resolve("objects")));
  }

  private static final int INLINE = ObjectStore.INLINE_THRESHOLD;

  private java.nio.ByteBuffer get(long id) {
    StoredObject object = store.get(id);
    assertNotNull(object, "object " + id + " missing");
    return object.data();
  }

  private static long files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
