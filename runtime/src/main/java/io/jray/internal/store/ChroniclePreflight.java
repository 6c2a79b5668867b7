package io.jray.internal.store;

import java.util.List;

// TEMPORARY stand-in.
public final class ChroniclePreflight {
  private ChroniclePreflight() {}
  public static void check() {}
  public static List<String> requiredJvmFlags() {
    return List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-Dchronicle.analytics.disable=true");
  }
}
