package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import net.openhft.posix.MSyncFlag;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LazyPosixApiTest {
  private PosixAPI loadedBefore;

  @BeforeEach
  void forgetTheLoadedApi() {
    loadedBefore = PosixAPIHolder.POSIX_API;
    PosixAPIHolder.POSIX_API = null;
  }

  @AfterEach
  void restoreIt() {
    PosixAPIHolder.POSIX_API = loadedBefore;
  }

  @Test
  void theRealApiLoadsAtTheFirstCallAndTakesTheStandInsPlace() {
    LazyPosixApi.install();
    PosixAPI standIn = PosixAPI.posix();
    assertTrue(Proxy.isProxyClass(standIn.getClass()));

    assertEquals(ProcessHandle.current().pid(), standIn.getpid());

    PosixAPI real = PosixAPI.posix();
    assertNotSame(standIn, real);
    assertFalse(Proxy.isProxyClass(real.getClass()));
    assertEquals(Runtime.getRuntime().availableProcessors(), standIn.get_nprocs());
  }

  @Test
  void anApiLoadedAlreadyStays() {
    PosixAPI.useNoOpPosixApi();
    PosixAPI noOp = PosixAPI.posix();

    LazyPosixApi.install();

    assertSame(noOp, PosixAPI.posix());
  }

  @Test
  void creatingTheStoreAnswersItsOwnMsyncsAndLeavesNoStandInBehind() {
    boolean[] realLoaded = new boolean[1];
    int answer = LazyPosixApi.openingIndex(() -> {
      int result = PosixAPI.posix().msync(0, 4096, MSyncFlag.MS_SYNC);
      realLoaded[0] = !Proxy.isProxyClass(PosixAPIHolder.POSIX_API.getClass());
      return result;
    });

    assertEquals(0, answer);
    assertFalse(realLoaded[0], "the real API was loaded for the creator's msync");
    assertNull(PosixAPIHolder.POSIX_API);
  }

  @Test
  void whileTheStoreIsCreatedOtherThreadsGetTheRealApi() {
    long[] pid = new long[1];
    LazyPosixApi.openingIndex(() -> {
      Thread other = new Thread(() -> pid[0] = PosixAPI.posix().getpid());
      other.start();
      try {
        other.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return null;
    });

    assertEquals(ProcessHandle.current().pid(), pid[0]);
    assertFalse(Proxy.isProxyClass(PosixAPI.posix().getClass()));
  }

  @Test
  void aProcessThatCreatesTheStoreLoadsNoNativePosixApi() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      String output = ChildJvm.runLoggingClassLoads("create", sessions.newSessionDir().toString());

      assertTrue(output.contains("net.openhft.chronicle.map.ChronicleMap "), "map not loaded");
      assertFalse(output.contains("jnr.ffi"), "JNR loaded");
    }
  }

  @Test
  void aProcessThatOpensTheStoreAndMakesItsIndexLoadsNoNativePosixApi() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
        String output =
            ChildJvm.runLoggingClassLoads("put", sessionDir.toString(), "1", "100", "100");

        assertTrue(output.contains("net.openhft.chronicle.map.ChronicleMap "), "map not loaded");
        assertFalse(output.contains("jnr.ffi"), "JNR loaded");
        assertTrue(store.contains(1), "the child's object is not in the index it made");
      }
    }
  }

  @Test
  void aProcessThatOpensTheStoreAndItsMadeIndexLoadsNoNativePosixApi() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
        store.put(200, (byte) 0, new byte[] {1}); // makes the index
        String output =
            ChildJvm.runLoggingClassLoads("put", sessionDir.toString(), "1", "100", "100");

        assertTrue(output.contains("net.openhft.chronicle.map.ChronicleMap "), "map not loaded");
        assertFalse(output.contains("jnr.ffi"), "JNR loaded");
        assertTrue(store.contains(1));
      }
    }
  }

  @Test
  void aCreatorThatOpensTheIndexAnotherProcessMadeLoadsNoNativePosixApi() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ChildJvm creator = ChildJvm.start(ChildJvm.classLoadLoggingFlags(), "createThenAwait",
          sessionDir.toString(), "5")) {
        BufferedReader lines = creator.output();
        StringBuilder output = new StringBuilder();
        for (String line = lines.readLine(); line != null && !line.equals("CREATED");
            line = lines.readLine()) {
          output.append(line).append('\n');
        }
        assertFalse(output.toString().contains("net.openhft.chronicle.map.ChronicleMap "),
            "the creator made its index before anyone stored");
        ChildJvm.run("put", sessionDir.toString(), "5", "1", "100"); // a worker makes the index
        lines.lines().forEach(line -> output.append(line).append('\n'));
        assertEquals(0, creator.waitFor(), output.toString());
        assertTrue(output.toString().contains("OK"), output.toString());
        assertTrue(output.toString().contains("net.openhft.chronicle.map.ChronicleMap "),
            "map not loaded");
        assertFalse(output.toString().contains("jnr.ffi"), "JNR loaded");
      }
    }
  }
}
