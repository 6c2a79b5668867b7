package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChronicleNativeClassTest {
  @Test
  void theDriverCompilesTheClassOnceForItsWorkers() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
        Class<?> nativeClass =
            Class.forName("net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native");

        // Defined by us in Chronicle's own loader, not compiled into a loader of Chronicle's.
        assertEquals(ObjectStore.class.getClassLoader(), nativeClass.getClassLoader());
        String key = ChronicleNativeClass.key();
        boolean onClassPath =
            ObjectStore.class.getClassLoader().getResource(ChronicleNativeClass.resourceName(key)) != null;
        Path cached = sessionDir.resolve("store").resolve("chronicle-native-" + key + ".bin");
        assertTrue(onClassPath || Files.size(cached) > 0);
      }
    }
  }

  @Test
  void aWorkerStartsWithoutJavac() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
        store.put(1, (byte) 0, new byte[] {1}); // makes the index, which the child opens
        String output = ChildJvm.runLoggingClassLoads("open", sessionDir.toString());

        assertTrue(output.contains("VanillaGlobalMutableState$$Native"), "class not loaded");
        // Chronicle always loads javac's tool class, but compiles only when it lacks the class.
        assertFalse(output.contains("com.sun.tools.javac.main.JavaCompiler "), "javac compiled");
      }
    }
  }

  @Test
  void aWorkerThatNeverUsesTheStoreNeverLoadsChronicleMap() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
        String output = ChildJvm.runLoggingClassLoads("openOnly", sessionDir.toString());

        assertFalse(output.contains("net.openhft.chronicle.map."), "Chronicle Map loaded");
        assertFalse(output.contains("VanillaGlobalMutableState$$Native"), "native class defined");
      }
    }
  }
}
