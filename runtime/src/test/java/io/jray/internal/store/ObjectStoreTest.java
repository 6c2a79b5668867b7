package io.jray.internal.store;

import static io.jray.internal.store.ObjectStore.INLINE_THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import io.jray.internal.store.StoreChild.Values;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class ObjectStoreTest {
  private static final long MB = 1 << 20;

  private final TestSessions sessions = new TestSessions();
  private Path sessionDir;
  private ObjectStore store;

  @BeforeEach
  void createStore() throws Exception {
    sessionDir = sessions.newSessionDir();
    store = ObjectStore.create(sessionDir, 64 * MB);
  }

  @AfterEach
  void removeStore() throws Exception {
    store.close();
    sessions.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, INLINE_THRESHOLD - 1, INLINE_THRESHOLD, INLINE_THRESHOLD + 1, 10_000_000})
  void roundTripsBytes(int size) {
    store.put(size, (byte) 3, Values.of(size, size));

    assertStored(size, (byte) 3, size);
    assertEquals(size, store.usedBytes());
    assertEquals(1, store.objectCount());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, INLINE_THRESHOLD, INLINE_THRESHOLD + 1, 10_000_000})
  void roundTripsWhatTheWriterWrites(int size) {
    byte[] value = Values.of(size, size);
    store.put(size, (byte) -1, size, buffer -> {
      assertEquals(0, buffer.position());
      assertEquals(size, buffer.limit());
      buffer.put(value);
    });

    assertStored(size, (byte) -1, size);
  }

  @Test
  void piecesArriveInOrderIntoAnInlineEntryOrAFileAndAShortfallIsAnError() {
    for (int length : new int[] {10, INLINE_THRESHOLD + 1, (int) (3 * MB + 7)}) {
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) (i % 251);
      }
      long id = 100 + length;
      store.putPieces(id, (byte) 1, length, out -> {
        for (int at = 0; at < length; at += 4096) {
          ByteBuffer piece = ByteBuffer.wrap(bytes, at, Math.min(4096, length - at));
          while (piece.hasRemaining()) {
            out.write(piece);
          }
        }
      });
      try (StoredObject stored = store.get(id)) {
        assertEquals(1, stored.flags());
        byte[] read = new byte[length];
        stored.data().get(read);
        assertArrayEquals(bytes, read);
      }
    }
    long used = store.usedBytes();
    assertThrows(RayException.class, () -> store.putPieces(7, (byte) 0, (int) (2 * MB),
        out -> out.write(ByteBuffer.allocate((int) MB))));
    assertThrows(RayException.class, () -> store.putPieces(8, (byte) 0, 100,
        out -> out.write(ByteBuffer.allocate(50))));
    assertEquals(used, store.usedBytes(), "a failed put kept its space");
    assertNull(store.get(7));
    assertNull(store.get(8));
  }

  @Test
  void keepsEachObjectsFlags() {
    store.put(1, (byte) 0, new byte[] {1});
    store.put(2, (byte) 1, new byte[INLINE_THRESHOLD + 1]);

    assertEquals(0, store.get(1).flags());
    assertEquals(1, store.get(2).flags());
  }

  @Test
  void theIndexIsMadeAtTheFirstPutAndReadsBeforeItFindNothingAndMakeNothing() {
    Path root = sessionDir.resolve("store");
    assertNull(store.get(5));
    assertFalse(store.contains(5));
    assertFalse(store.delete(5));
    assertEquals(0, store.recoverDeadHolders());
    assertFalse(Files.exists(root.resolve("index.cmap")), "a read made the index");

    store.put(5, (byte) 0, Values.of(5, 10));
    assertTrue(Files.exists(root.resolve("index.cmap")));
    assertStored(5, (byte) 0, 10);
  }

  @Test
  void anIndexWhoseMakerDiedPartWayIsMadeAfresh() throws Exception {
    Path root = sessionDir.resolve("store");
    // What a maker killed part way leaves: files, and the counters' word that says made unset.
    Files.write(root.resolve("index.cmap"), new byte[4096]);
    Files.write(root.resolve("guards"), new byte[64]);

    store.put(5, (byte) 0, Values.of(5, 10));
    assertStored(5, (byte) 0, 10);
    assertTrue(Files.size(root.resolve("guards")) > 64, "the guards were not made afresh");
  }

  @Test
  void aFullIndexSaysSoAndTakesObjectsAgainOnceSomeAreFreed() throws Exception {
    // This store's index is planned at its smallest, 65,536 entries, and holds about nine times
    // that at once; a bound well beyond keeps a store that never fills from looping on.
    byte[] value = {1};
    long id = 1;
    StoreFullException full = null;
    for (; id <= 2_000_000 && full == null; id++) {
      try {
        store.put(id, (byte) 0, value);
      } catch (StoreFullException e) {
        full = e;
      }
    }
    assertTrue(full != null, "2,000,000 objects fitted");
    long held = id - 2;
    assertTrue(held > 300_000, "full at " + held);
    assertTrue(full.getMessage().startsWith("The object store's index is full"),
        full.getMessage());
    assertTrue(full.getMessage().contains(" " + held + " objects"), full.getMessage());
    assertEquals(held, store.objectCount());
    assertEquals(0, objectFiles(), "a file was left behind");

    for (long freed = 1; freed <= 1_000; freed++) {
      assertTrue(store.delete(freed));
    }
    store.put(id, (byte) 0, Values.of(id, 1));
    assertStored(id, (byte) 0, 1);
  }

  @Test
  void absentIdsAreNull() {
    store.put(1, (byte) 0, new byte[] {1});

    assertNull(store.get(2));
    assertFalse(store.contains(2));
    assertTrue(store.contains(1));
    assertFalse(store.delete(2));
  }

  @Test
  void deleteFreesTheSpaceAndTheFile() throws Exception {
    store.put(1, (byte) 0, new byte[100]);
    store.put(2, (byte) 0, new byte[(int) (10 * MB)]);
    assertEquals(10 * MB + 100, store.usedBytes());
    assertEquals(1, objectFiles());

    assertTrue(store.delete(2));
    assertTrue(store.delete(1));

    assertNull(store.get(1));
    assertNull(store.get(2));
    assertEquals(0, store.usedBytes());
    assertEquals(0, store.objectCount());
    assertEquals(0, objectFiles());
    assertEquals(10 * MB, store.pooledBytes(), "the file is kept for reuse");
    assertEquals(1, pooledFiles());
  }

  @Test
  void aBatchDeleteFreesWhatItFindsAndCountsIt() throws Exception {
    store.put(1, (byte) 0, new byte[100]);
    store.put(2, (byte) 0, new byte[(int) (10 * MB)]);
    store.put(3, (byte) 0, new byte[200]);
    store.put(4, (byte) 0, Values.of(4, 300));

    assertEquals(3, store.delete(new long[] {3, 2, 99, 1, 4}, 4), "the count ends before id 4");

    assertNull(store.get(1));
    assertNull(store.get(2));
    assertNull(store.get(3));
    assertStored(4, (byte) 0, 300);
    assertEquals(300, store.usedBytes());
    assertEquals(1, store.objectCount());
    assertEquals(0, objectFiles());
  }

  @Test
  void theFileOfAFreedObjectIsReusedForTheNextOfAboutItsSize() throws Exception {
    int size = (int) (10 * MB);
    store.put(1, (byte) 0, Values.of(1, size));
    assertTrue(store.delete(1));

    store.put(2, (byte) 4, Values.of(2, size - 1000));

    assertEquals(0, store.pooledBytes());
    assertEquals(0, pooledFiles());
    assertEquals(size - 1000, store.usedBytes());
    assertEquals(1, objectFiles());
    assertStored(2, (byte) 4, size - 1000);
    assertTrue(store.delete(2));
    assertEquals(size - 1000, store.pooledBytes());
    store.close();
    assertEquals(0, pooledFiles(), "closing the store deletes the pool");
  }

  @Test
  void freedFilesOfSeveralSizesServeTheSmallestThatHoldsEachValue() throws Exception {
    int[] freed = {(int) (3 * MB), (int) (5 * MB), (int) (10 * MB)};
    for (int i = 0; i < freed.length; i++) {
      store.put(i, (byte) 0, Values.of(i, freed[i]));
    }
    assertEquals(3, store.delete(new long[] {0, 1, 2}, 3));
    assertEquals(18 * MB, store.pooledBytes());

    int[] sizes = {(int) (4 * MB + 1), (int) (7 * MB), (int) (3 * MB)};
    long[] pooledAfter = {13 * MB, 3 * MB, 0};
    for (int i = 0; i < sizes.length; i++) {
      store.put(10 + i, (byte) 1, Values.of(10 + i, sizes[i]));
      assertEquals(pooledAfter[i], store.pooledBytes(), "after the put of " + sizes[i]);
    }

    for (int i = 0; i < sizes.length; i++) {
      assertStored(10 + i, (byte) 1, sizes[i]);
    }
    assertEquals(14 * MB + 1, store.usedBytes());
    assertEquals(0, pooledFiles());
    assertEquals(3, objectFiles());
  }

  @Test
  void aValueInSeveralPartsIsWrittenWholeIntoAReusedFile() {
    int size = (int) (8 * MB);
    store.put(1, (byte) 0, new byte[size]);
    assertTrue(store.delete(1));
    byte[] value = Values.of(2, size);
    ByteBuffer middle = ByteBuffer.wrap(value, 0, size - 100).slice().position(17);

    store.put(2, (byte) 5, ByteBuffer.wrap(value, 0, 17), middle,
        ByteBuffer.wrap(value, size - 100, 100));

    assertEquals(17, middle.position(), "the parts' positions are left alone");
    assertEquals(0, store.pooledBytes());
    assertStored(2, (byte) 5, size);
  }

  @Test
  void onlyPooledFilesStayMappedAndCloseUnmapsAndDeletesThem() throws Exception {
    int size = (int) (10 * MB);
    for (long id = 1; id <= 3; id++) {
      store.put(id, (byte) 0, Values.of(id, size)); // the second and third reuse the first's file
      assertTrue(store.delete(id));
    }
    store.put(4, (byte) 0, Values.of(4, size));
    store.put(5, (byte) 0, Values.of(5, size / 2));
    assertTrue(store.delete(5));
    assertEquals(size / 2, store.pooledBytes());

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!mappedObjectFiles().equals(List.of(onlyPooledFile()))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of(onlyPooledFile()), mappedObjectFiles(),
        "the reused files' mappings are dropped once they hold objects");

    store.close();

    assertEquals(List.of(), mappedObjectFiles());
    assertEquals(0, pooledFiles());
  }

  @Test
  void aFileThatIsBeingReadIsNotReused() throws Exception {
    int size = (int) (10 * MB);
    store.put(1, (byte) 0, Values.of(1, size));
    try (StoredObject reading = store.get(1)) {
      assertTrue(store.delete(1));
      assertEquals(0, store.pooledBytes(), "deleted, not pooled, while read");
      store.put(2, (byte) 0, Values.of(2, size));

      byte[] read = new byte[size];
      reading.data().duplicate().get(read);
      assertArrayEquals(Values.of(1, size), read);
    }
    try (StoredObject done = store.get(2)) {
      assertEquals(size, done.data().limit());
    }
    assertTrue(store.delete(2));
    assertEquals(size, store.pooledBytes(), "read and closed: reusable");
  }

  @Test
  void pooledFilesAreGivenUpWhenAPutNeedsRoom() throws Exception {
    store.put(1, (byte) 0, new byte[(int) (30 * MB)]);
    assertTrue(store.delete(1));
    assertEquals(30 * MB, store.pooledBytes());

    store.put(2, (byte) 0, new byte[(int) (61 * MB)]);

    assertEquals(0, store.pooledBytes());
    assertEquals(0, pooledFiles());
    assertEquals(61 * MB, store.usedBytes());
    assertEquals(0, store.spilledBytes());
  }

  @Test
  void aSecondPutOfAnIdKeepsTheFirstObject() throws Exception {
    store.put(1, (byte) 1, new byte[] {1});
    store.put(1, (byte) 2, new byte[] {2, 2});
    store.put(2, (byte) 1, new byte[INLINE_THRESHOLD + 1]);
    store.put(2, (byte) 2, new byte[INLINE_THRESHOLD + 2]);

    assertEquals(1, store.get(1).flags());
    assertEquals(INLINE_THRESHOLD + 1, store.get(2).data().limit());
    assertEquals(INLINE_THRESHOLD + 2, store.usedBytes());
    assertEquals(2, store.objectCount());
    assertEquals(1, objectFiles());
  }

  @Test
  void anObjectLargerThanTheCapacityIsRefusedAndSaysWhatToDo() {
    store.put(1, (byte) 0, new byte[(int) (40 * MB)]);

    StoreFullException e = assertThrows(StoreFullException.class,
        () -> store.put(2, (byte) 0, new byte[(int) (70 * MB)]));

    assertEquals("The object store is full: object 0000000000000002 needs 70.0 MiB (73400320 bytes),"
        + " but 40.0 MiB (41943040 bytes) of 64.0 MiB (67108864 bytes) are used by 1 objects, and"
        + " nothing more could be freed or spilled (0 B spilled to " + store.spillDir() + "; objects"
        + " up to 64.0 KiB (65536 bytes) live in the index and are never spilled). Raise RayConfig"
        + " storeCapacityBytes, or drop references to objects you no longer need so that they are"
        + " freed.", e.getMessage());
    assertTrue(e instanceof RayException);
    assertEquals(40 * MB, store.usedBytes());
    assertFalse(store.contains(2));
  }

  @Test
  void inlineObjectsAreNeverSpilled() {
    int count = (int) (64 * MB / INLINE_THRESHOLD);
    for (int id = 0; id < count; id++) {
      store.put(id, (byte) 0, new byte[INLINE_THRESHOLD]);
    }

    assertThrows(StoreFullException.class, () -> store.put(-1, (byte) 0, new byte[1]));
    assertEquals(0, store.spilledBytes());
  }

  @Test
  void aFailingWriterLeavesNothingBehind() throws Exception {
    for (int size : new int[] {10, INLINE_THRESHOLD + 1}) {
      assertThrows(IllegalStateException.class, () -> store.put(1, (byte) 0, size, buffer -> {
        throw new IllegalStateException("serializer failed");
      }));
    }

    assertFalse(store.contains(1));
    assertEquals(0, store.usedBytes());
    assertEquals(0, objectFiles());
  }

  @Test
  void concurrentPutsFromTwoThreadsKeepUsedBytesExact() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = threads.submit(() -> putMany(0, 20_000));
      Future<?> b = threads.submit(() -> putMany(1_000_000, 20_000));
      a.get();
      b.get();
    } finally {
      threads.shutdown();
    }

    assertEquals(40_000 * 100L, store.usedBytes());
    assertEquals(40_000, store.objectCount());
  }

  @Test
  void defaultCapacityIsAShareOfFreeSpace() throws Exception {
    Path other = sessions.newSessionDir();
    long free = Files.getFileStore(other).getUsableSpace();
    try (ObjectStore sized = ObjectStore.create(other, 0)) {
      assertEquals(free * ObjectStore.DEFAULT_CAPACITY_SHARE, sized.capacityBytes(), free / 100.0);
    }
  }

  @Test
  void aSessionHasOneStoreAndWorkersNeedIt() throws Exception {
    assertThrows(RayException.class, () -> ObjectStore.create(sessionDir, MB));
    RayException e = assertThrows(RayException.class, () -> ObjectStore.open(sessions.newSessionDir()));
    assertTrue(e.getMessage().contains("the driver must create it"), e.getMessage());
  }

  @Test
  void closeIsIdempotentAndLeavesTheFilesToTheirOwner() {
    store.close();
    store.close();

    assertThrows(IllegalStateException.class, () -> store.get(1));
    assertTrue(Files.exists(sessionDir.resolve("store")));
  }

  @Test
  void anOpenedStoreOpensItsIndexAtItsFirstUseAndSeesWhatWasStored() {
    store.put(1, (byte) 3, Values.of(1, 100));
    try (ObjectStore opened = ObjectStore.open(sessionDir)) {
      opened.put(2, (byte) 4, Values.of(2, 100));

      try (StoredObject object = opened.get(1)) {
        assertEquals(3, object.flags());
      }
    }
    assertStored(2, (byte) 4, 100);
  }

  @Test
  void anOpenedStoreClosedBeforeItsFirstUseStaysClosed() {
    ObjectStore opened = ObjectStore.open(sessionDir);
    opened.close();

    assertThrows(IllegalStateException.class, () -> opened.contains(1));
    store.put(5, (byte) 0, Values.of(5, 100)); // the creator's store is untouched
    assertStored(5, (byte) 0, 100);
  }

  @Test
  void aRehearsalStoresItsScratchObjectOnlyWhileThereIsRoom() throws Exception {
    try (ObjectStore opened = ObjectStore.open(sessionDir)) {
      opened.rehearse(7);

      assertTrue(store.contains(7));
    }
    try (TestSessions small = new TestSessions()) {
      Path full = small.newSessionDir();
      try (ObjectStore tiny = ObjectStore.create(full, MB)) {
        tiny.rehearse(8);

        assertFalse(tiny.contains(8)); // 1 MiB leaves no room to spare
      }
    }
  }

  private void putMany(long firstId, int count) {
    for (long id = firstId; id < firstId + count; id++) {
      store.put(id, (byte) 0, new byte[100]);
    }
  }

  private void assertStored(long id, byte flags, int size) {
    try (StoredObject object = store.get(id)) {
      assertEquals(flags, object.flags());
      ByteBuffer data = object.data();
      assertTrue(data.isReadOnly());
      assertEquals(0, data.position());
      assertEquals(size, data.limit());
      byte[] read = new byte[size];
      data.duplicate().get(read);
      assertArrayEquals(Values.of(id, size), read);
    }
  }

  private long objectFiles() throws Exception {
    try (Stream<Path> files = Files.list(sessionDir.resolve("store").resolve("objects"))) {
      return files.filter(file -> !file.getFileName().toString().startsWith("free-")).count();
    }
  }

  /** The files in the object folder that this process maps, deleted ones included. */
  private List<String> mappedObjectFiles() throws Exception {
    String objects = sessionDir.resolve("store").resolve("objects").toRealPath() + "/";
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      return maps.filter(line -> line.contains(objects))
          .map(line -> line.substring(line.indexOf(objects) + objects.length()))
          .distinct()
          .sorted()
          .toList();
    }
  }

  private String onlyPooledFile() throws Exception {
    try (Stream<Path> files = Files.list(sessionDir.resolve("store").resolve("objects"))) {
      List<String> pooled = files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("free-"))
          .toList();
      assertEquals(1, pooled.size(), pooled.toString());
      return pooled.get(0);
    }
  }

  private long pooledFiles() throws Exception {
    try (Stream<Path> files = Files.list(sessionDir.resolve("store").resolve("objects"))) {
      return files.filter(file -> file.getFileName().toString().startsWith("free-")).count();
    }
  }
}
