package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.ObjectIds;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell's part in ending a call that failed in the driver (its worker died): the order. */
class CoreShellTest {
  private Path sessionDir;
  private ObjectStore store;

  @BeforeEach
  void createStore() throws Exception {
    sessionDir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-shell-test-");
    store = ObjectStore.create(sessionDir, 16 << 20);
  }

  @AfterEach
  void removeStore() {
    store.close();
    SessionDir.deleteTree(sessionDir);
    SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
  }

  @Test
  void aFailedCallsWaitersWakeOnlyOnceTheCoreHasForgottenTheCall() throws Exception {
    FakeWorld world = new FakeWorld(1, 0, 16);
    ObjectDirectory directory = new ObjectDirectory(store, new HeldCalls(),
        id -> !world.core.willSettle(id), world.core::willSettle,
        ObjectIds.runtimeTagOf(0), world.owned);
    CoreShell shell = new CoreShell(null, new ConcurrentHashMap<>(), RuntimeEvents.NONE,
        directory, new HeldCalls(), store, new Serializer(), (worker, how) -> { });
    world.errorShell = shell;
    try {
      shell.drive(world.core);
      Worker worker = world.startPool(1).get(0);
      TaskSpec task = world.task("dies", 0);
      world.core.submit(task, null);
      CompletableFuture<?> made = directory.whenMade(new long[] {task.taskId()})[0];
      // What a get that looked at this moment would be told: whether the core still makes it.
      AtomicReference<Boolean> stillMadeAtWake = new AtomicReference<>();
      CompletableFuture<?> woken = made.whenComplete(
          (value, error) -> stillMadeAtWake.set(world.core.willSettle(task.taskId())));

      world.core.workerExited(worker, 137, "died with exit code 137");

      woken.get(10, TimeUnit.SECONDS);
      assertEquals(Boolean.FALSE, stillMadeAtWake.get(),
          "the waiters woke while the core still said it makes the object: a get in between"
              + " would wait for an end that had come");
      assertTrue(store.contains(task.taskId()), "the error is in the store");
      assertFalse(world.core.willSettle(task.taskId()));
    } finally {
      shell.close();
    }
  }
}
