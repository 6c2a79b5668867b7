package io.jray.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    return command(System.getProperty("java.class.path"), main, extraJvmOptions, args);
  }

  /**
   * The class path this module runs with from a user's Maven project rather than from the
   * shaded jar: its {@code target/classes} folder, then the jars of its dependencies, as
   * {@code -Pbenchmarks} wrote them to {@code target/classpath.txt} beside the jar. jray's own
   * jars must be this checkout's, as a build with {@code -am} takes them.
   *
   * @throws IOException if the jar was not built with {@code -Pbenchmarks} from this module, or
   *     its class path takes jray's jars from elsewhere
   */
  static String projectClassPath() throws IOException {
    Path target = Path.of(System.getProperty("java.class.path")).toAbsolutePath().getParent();
    Path classes = target.resolve("classes");
    Path dependencies = target.resolve("classpath.txt");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(dependencies)) {
      throw new IOException("No " + classes + " and " + dependencies + ": run benchmarks.jar from"
          + " benchmarks/target, built with mvn -B -q -Pbenchmarks -pl benchmarks -am package");
    }
    String jars = Files.readString(dependencies).trim();
    Path checkout = target.resolve("../..").normalize();
    for (String jar : jars.split(File.pathSeparator)) {
      Path path = Path.of(jar).toAbsolutePath().normalize();
      // Built without -am, Maven takes jray's own jars from ~/.m2: whichever was installed last,
      // so a comparison of two checkouts would compare that one with itself.
      if (path.getFileName().toString().startsWith("jray-") && !path.startsWith(checkout)) {
        throw new IOException(jar + " is not this checkout's (" + checkout + "): build with"
            + " mvn -B -q -Pbenchmarks -pl benchmarks -am package");
      }
    }
    return classes + File.pathSeparator + jars;
  }

  /**
   * {@code bin/jray run -cp <classPath> <extra> main args…}: the launcher that gives a driver its
   * class-data archive, from the checkout this jar was built in.
   *
   * @throws IOException if there is no {@code bin/jray} two folders up from the jar
   */
  static ProcessBuilder launcherCommand(String classPath, Class<?> main,
      List<String> extraJvmOptions, String... args) throws IOException {
    Path launcher = Path.of(System.getProperty("java.class.path")).toAbsolutePath().getParent()
        .resolve("../../bin/jray").normalize();
    if (!Files.isExecutable(launcher)) {
      throw new IOException("No " + launcher + ": run benchmarks.jar from benchmarks/target");
    }
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "run", "-cp", classPath,
        RayState.QUIET_CHRONICLE));
    command.addAll(extraJvmOptions);
    command.add(main.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder;
  }

  /** {@code java <jray flags> <extra> -cp <classPath> main args…}. */
  static ProcessBuilder command(String classPath, Class<?> main, List<String> extraJvmOptions,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jrayFlags());
    command.add(RayState.QUIET_CHRONICLE);
    command.addAll(extraJvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command);
  }

  static ProcessBuilder command(Class<?> main, String... args) {
    return command(main, List.of(), args);
  }
}
