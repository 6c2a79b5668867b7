package io.jray.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.driver.SessionDir;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ChroniclePreflight;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker whose JVM exits ({@code System.exit} in user code) reports no call as failed: what
 * fails then may have failed for the exit, and the driver counts the call lost with the process.
 */
@Timeout(60)
class JvmExitTest {
  private static final TaskSpec CALL = new TaskSpec(5L, "f#call", "Jobs.call", 0, false,
      new byte[0][], new long[0], new long[0]);

  private Path sessionDir;
  private ObjectStore store;

  @BeforeEach
  void start() throws Exception {
    sessionDir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-exit-test-");
    store = ObjectStore.create(sessionDir, 1 << 20);
  }

  @AfterEach
  void stop() {
    store.close();
    SessionDir.deleteTree(sessionDir);
    SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
  }

  @Test
  void aLiveJvmHasNotBegunToExit() {
    JvmExit exit = new JvmExit();
    assertFalse(exit.begun());
    assertFalse(exit.begun(), "the first look left its probe behind as a hook");
    assertFalse(exit.seen());
    exit.note();
    assertTrue(exit.seen());
    assertTrue(exit.begun());
  }

  @Test
  void onceTheJvmExitsAFailureIsNeitherStoredNorReportedButAValueStands() {
    JvmExit exit = new JvmExit();
    Calls calls = new Calls(store, new Serializer(), null, null, exit);
    exit.note();
    assertSame(Calls.LOST_WITH_THE_JVM,
        calls.storeFailure(CALL, new IllegalStateException("VanillaChronicleMap closed")));
    assertNull(store.get(CALL.taskId()), "its error was stored");

    Calls.Outcome value = calls.storeValue(CALL, 42L);
    assertTrue(value.stored(), "a value stored as the JVM exits is the call's result");
    assertNull(value.error());
    try (StoredObject stored = store.get(CALL.taskId())) {
      assertNotNull(stored);
    }
  }

  @Test
  void aFailureInALiveJvmIsStoredAsEver() {
    Calls calls = new Calls(store, new Serializer(), null, null, new JvmExit());
    Calls.Outcome failed = calls.storeFailure(CALL, new IllegalStateException("no"));
    assertTrue(failed.stored());
    assertTrue(failed.error().contains("no"), failed.error());
  }

  /**
   * What failed in CI: a call that runs on as its JVM exits finds the store's index closed under
   * it by Chronicle Map's own shutdown hook, which runs beside the worker's. It is lost with the
   * JVM, not failed with "VanillaChronicleMap closed", whichever hook ran first.
   */
  @Test
  void aCallWhoseStoreClosesAsTheJvmExitsIsLostWithItNotFailed() throws Exception {
    Path childDir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-exit-child-");
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(ChroniclePreflight.requiredJvmFlags());
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          ExitingChild.class.getName(), childDir.toString()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      try {
        String output = new String(child.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
        assertFalse(output.contains("OPEN"), "Chronicle no longer closes the store's index as"
            + " the JVM exits, so this test shows nothing: " + output);
        assertTrue(output.contains("LOST"), output);
        assertEquals(0, child.exitValue(), output);
      } finally {
        child.destroyForcibly();
      }
    } finally {
      SessionDir.deleteTree(childDir);
      SessionDir.deleteTree(ObjectStore.defaultSpillDir(childDir));
    }
  }
}
