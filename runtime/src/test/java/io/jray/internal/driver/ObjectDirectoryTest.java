package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectReady;
import io.jray.internal.StoredValues;
import io.jray.internal.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waits for objects in a real store: one the core still makes is waited for without a look at
 * the store, and its end brings the copy of a small value; a small value the driver keeps is
 * ready without the store, and goes into it once a worker needs it; others are found in the
 * store.
 */
class ObjectDirectoryTest {
  private static final int OWN_TAG = ObjectIds.DRIVER_TAG;

  private Path sessionDir;
  private ObjectStore store;
  private final Set<Long> madeByTheCore = new HashSet<>();
  private final ObjectIds ids = new ObjectIds(OWN_TAG);
  private ObjectDirectory directory;
  private OwnedValues owned;

  @BeforeEach
  void start() throws Exception {
    sessionDir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-directory-test-");
    store = ObjectStore.create(sessionDir, 1 << 20);
    owned = new OwnedValues((id, value) -> store.put(id, StoredValues.VALUE, value));
    directory = new ObjectDirectory(store, new HeldCalls(), id -> !madeByTheCore.contains(id),
        ids -> {
          boolean[] made = new boolean[ids.length];
          for (int i = 0; i < ids.length; i++) {
            made[i] = madeByTheCore.contains(ids[i]);
          }
          return made;
        }, OWN_TAG, owned);
  }

  @AfterEach
  void stop() {
    store.close();
    SessionDir.deleteTree(sessionDir);
    SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
  }

  @Test
  void anObjectTheCoreStillMakesWaitsForItsEndWhichBringsTheValuesCopy() {
    long id = ids.next();
    madeByTheCore.add(id);
    // Its worker stored it, and TASK_DONE is not applied yet: the wait is for the end.
    store.put(id, StoredValues.VALUE, new byte[] {1, 2});
    CompletableFuture<?> ready = whenMade(id);
    assertFalse(ready.isDone(), "a wait for a call's result looked in the store");
    assertSame(ready, whenMade(id), "two waits for one object share its end");
    directory.markReady(id, new byte[] {1, 2});
    assertTrue(ready.isDone());
    assertInstanceOf(ObjectReady.class, ready);
    assertArrayEquals(new byte[] {1, 2}, bytesOf(ObjectReady.copyOf(ready)));
  }

  @Test
  void aGetOfManyWaitsForThoseTheCoreMakesAndLeavesTheRestToTheStore() {
    long made = ids.next();
    long stored = ids.next();
    madeByTheCore.add(made);
    store.put(made, StoredValues.VALUE, new byte[] {5});
    store.put(stored, StoredValues.VALUE, new byte[] {6});
    CompletableFuture<?>[] waits = directory.whenMade(new long[] {made, stored});
    assertNull(waits[1]);
    assertFalse(waits[0].isDone(), "a wait for a call's result looked in the store");
    directory.markReady(made, new byte[] {5});
    assertArrayEquals(new byte[] {5}, bytesOf(ObjectReady.copyOf(waits[0])));
  }

  private CompletableFuture<?> whenMade(long id) {
    return directory.whenMade(new long[] {id})[0];
  }

  private static byte[] bytesOf(io.jray.internal.store.StoredObject object) {
    byte[] bytes = new byte[object.data().remaining()];
    object.data().duplicate().get(bytes);
    return bytes;
  }

  @Test
  void anObjectNoCallMakesIsFoundInTheStoreAndBringsNoCopy() {
    long id = ids.next();
    store.put(id, StoredValues.VALUE, new byte[] {3});
    assertNull(whenMade(id), "no call makes it: the get looks in the store");
    CompletableFuture<Void> ready = directory.whenReady(id);
    assertTrue(ready.isDone());
    assertNull(ObjectReady.copyOf(ready));
  }

  @Test
  void afterShutdownAGetOfAnObjectTheCoreMakesFailsAsAnyOther() {
    long id = ids.next();
    madeByTheCore.add(id);
    directory.failAll(new RayException("shut down"));
    assertNull(whenMade(id));
    assertTrue(directory.whenReady(id).isCompletedExceptionally());
  }

  @Test
  void aValueTheDriverKeepsIsReadyWithItsBytesThoughNotInTheStore() {
    long id = ids.next();
    owned.keep(id, new byte[] {7});
    assertNull(whenMade(id), "no call makes it any more");
    CompletableFuture<Void> ready = directory.whenReady(id);
    assertTrue(ready.isDone());
    assertFalse(ready.isCompletedExceptionally(), "a kept value was taken for lost");
    assertArrayEquals(new byte[] {7}, bytesOf(ObjectReady.copyOf(ready)));
    assertFalse(store.contains(id), "a kept value went into the store unasked");
  }

  @Test
  void aKeptValueGoesIntoTheStoreOnceAWorkerNeedsIt() {
    long id = ids.next();
    owned.keep(id, new byte[] {9, 9});
    assertTrue(owned.storeIfKept(id));
    assertTrue(owned.storeIfKept(id), "asked twice: stored once, still kept");
    try (var stored = store.get(id)) {
      assertArrayEquals(new byte[] {9, 9}, bytesOf(stored));
    }
    assertFalse(owned.storeIfKept(ids.next()), "a value that is not kept was stored");
  }

  @Test
  void aFreedKeptValueGoesAndItsObjectIsThenLost() {
    long id = ids.next();
    owned.keep(id, new byte[] {8});
    directory.forget(id);
    assertNull(owned.copy(id));
    assertTrue(directory.whenReady(id).isCompletedExceptionally(), "a freed value is still ready");
  }

  @Test
  void shutdownDropsTheKeptValues() {
    long id = ids.next();
    owned.keep(id, new byte[] {6});
    directory.failAll(new RayException("shut down"));
    assertNull(owned.copy(id));
    assertTrue(directory.whenReady(id).isCompletedExceptionally());
  }
}
