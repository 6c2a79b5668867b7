package io.jray.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Starts a JVM on this JVM's class path with the flags jray needs (from the root pom's
 * {@code jray.jvm.flags}, baked into {@code bench.properties} by the build).
 */
final class ChildJvm {
  private ChildJvm() {}

  /** The flags every jray JVM needs on this JDK. */
  static List<String> jrayFlags() {
    Properties properties = new Properties();
    try (InputStream in = ChildJvm.class.getResourceAsStream("/bench.properties")) {
      if (in == null) {
        throw new IllegalStateException("bench.properties is missing: build with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> flags = new ArrayList<>(
        Arrays.asList(properties.getProperty("jvm.flags").trim().split("\\s+")));
    if (Runtime.version().feature() >= 24) {
      flags.add("--enable-native-access=ALL-UNNAMED");
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java <jray flags> <extra> -cp <this class path> main args…}. */
  static ProcessBuilder command(Class<?> main, List<String> extraJvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jrayFlags());
    command.add(RayState.QUIET_CHRONICLE);
    command.addAll(extraJvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command);
  }

  static ProcessBuilder command(Class<?> main, String... args) {
    return command(main, List.of(), args);
  }
}
