package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChroniclePreflightTest {
  @Test
  void passesWithJraysFlags() {
    ChroniclePreflight.check();
  }

  @Test
  void listsTheFlagsWorkersNeed() {
    List<String> flags = ChroniclePreflight.requiredJvmFlags();

    assertTrue(flags.containsAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true")), flags.toString());
    assertTrue(flags.contains("--enable-native-access=ALL-UNNAMED")
        == (Runtime.version().feature() >= 24), flags.toString());
  }

  @Test
  @Timeout(60)
  void aJvmWithoutTheFlagsIsToldWhichToAdd() throws Exception {
    try (ChildJvm child = ChildJvm.start(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"),
        "open", "/nonexistent")) {
      String output = child.await();

      assertNotEquals(0, child.exitValue());
      assertTrue(output.contains("was started without: "
          + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
          + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED "
          + "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED. Start java with all of: "
          + String.join(" ", ChroniclePreflight.requiredJvmFlags())), output);
    }
  }
}
