package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import io.jray.internal.FolderLock;
import io.jray.internal.LockHolder;
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
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aSpillFolderAnotherProcessHoldsIsRefusedAndOneLeftBehindIsReused(@TempDir Path tmp)
      throws Exception {
    Path spillDir = Files.createDirectory(tmp.resolve("spill"));
    Path lockFile = Files.createFile(spillDir.resolve(FolderLock.FILE_NAME));
    Path leftover = Files.write(spillDir.resolve(LargeObjectFiles.name(5, 6)), new byte[10]);
    try (LockHolder liveDriver = LockHolder.hold(lockFile)) {
      Path sessionDir = sessions.newSessionDir();
      RayException e = assertThrows(RayException.class,
          () -> ObjectStore.create(sessionDir, CAPACITY, spillDir));
      assertTrue(e.getMessage().contains(
          "Another live jray session uses the spill folder " + spillDir), e.getMessage());
      assertTrue(Files.exists(leftover), "a live session's spilled object was removed");
    }

    try (ObjectStore reusing = ObjectStore.create(sessions.newSessionDir(), CAPACITY, spillDir)) {
      assertFalse(Files.exists(leftover), "a dead session's spilled object was kept");
      assertFalse(LockHolder.lockableElsewhere(lockFile), "the reused folder is not locked");
      reusing.put(1, (byte) 0, Values.of(1, 20 * MB));
      assertEquals(20L * MB, reusing.spill(1));
      assertTrue(Values.matches(1, 20 * MB, reusing.get(1).data()));
    }
    assertFalse(Files.exists(spillDir), "the spill folder outlived its store");
  }

  @Test
  void aFolderJrayDidNotMakeIsNotUsed(@TempDir Path tmp) throws Exception {
    Path spillDir = Files.createDirectory(tmp.resolve("photos"));
    Path photo = Files.write(spillDir.resolve("cat.jpg"), new byte[10]);

    RayException e = assertThrows(RayException.class,
        () -> ObjectStore.create(sessions.newSessionDir(), CAPACITY, spillDir));

    assertTrue(e.getMessage().contains("jray did not make it"), e.getMessage());
    assertTrue(Files.exists(photo));
  }

  private static final int INLINE = ObjectStore.INLINE_THRESHOLD;

  private java.nio.ByteBuffer get(long id) {
    StoredObject object = store.get(id);
    assertNotNull(object, "object " + id + " missing");
    return object.data();
  }

  /** Files in dir, apart from a spill folder's lock file. */
  private static long files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> !f.getFileName().toString().equals(FolderLock.FILE_NAME)).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
