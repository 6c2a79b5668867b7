package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.palantir.javapoet.JavaFile;
import io.jray.Ray;
import io.jray.annotations.Remote;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under javac 25, run as a separate process with the processor on the processor
 * path: from JDK 23 on, javac runs no processor that it finds only on the class path, so this is
 * the way Maven's {@code annotationProcessorPaths} and Gradle's {@code annotationProcessor} run
 * it. Skipped where JDK 25 is not installed.
 */
class Jdk25Test {
  private static final Path JAVAC = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64/bin/javac");
  private static final Path INPUT = Paths.get("src", "test", "resources", "input");
  private static final Path GOLDEN = Paths.get("src", "test", "resources", "golden");

  @TempDir Path out;

  @BeforeAll
  static void jdk25IsInstalled() {
    assumeTrue(Files.isExecutable(JAVAC), "JDK 25 is not installed at " + JAVAC);
  }

  @Test
  void generatesTheGoldenFilesAndCompilesThemWithoutAWarning() throws Exception {
    Result result = javac("-Xlint:all,-processing", "-Werror",
        "com/example/Squares.java", "com/example/Outer.java", "com/example/GoalsScored.java",
        "com/example/Team.java");
    assertThat(result.output()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(0);
    for (String stub : new String[] {"SquaresRemote", "Outer_InnerRemote", "Outer_CounterRemote",
        "GoalsScoredRemote"}) {
      Path file = Paths.get("com", "example", stub + ".java");
      assertThat(Files.readString(out.resolve("sources").resolve(file), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(GOLDEN.resolve(file), StandardCharsets.UTF_8));
    }
  }

  @Test
  void reportsAnErrorOnTheOffendingLine() throws Exception {
    Result result = javac("com/example/PrivateTask.java");
    assertThat(result.exitCode()).isNotEqualTo(0);
    assertThat(result.output()).contains(
        "PrivateTask.java:7: error: " + Messages.PRIVATE_METHOD);
  }

  private record Result(int exitCode, String output) {}

  private Result javac(String... arguments) throws Exception {
    Files.createDirectories(out.resolve("classes"));
    Files.createDirectories(out.resolve("sources"));
    List<String> command = new ArrayList<>(List.of(JAVAC.toString(),
        "-processorpath", path(RemoteProcessor.class, JavaFile.class, Remote.class),
        "-classpath", path(Ray.class, Remote.class),
        "-d", out.resolve("classes").toString(),
        "-s", out.resolve("sources").toString()));
    for (String argument : arguments) {
      command.add(argument.endsWith(".java") ? INPUT.resolve(argument).toString() : argument);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }

  /** The jars or class folders that hold these classes, as a path. */
  private static String path(Class<?>... classes) throws IOException, URISyntaxException {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : classes) {
      entries.add(Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}
