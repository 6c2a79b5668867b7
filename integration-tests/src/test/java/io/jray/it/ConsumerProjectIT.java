package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate Maven project that depends on the installed jray artifacts, as the README tells a
 * user to: it compiles its own {@code @Remote} class with the processor on the processor path,
 * packs a fat jar, and runs it with {@code java -jar}.
 */
class ConsumerProjectIT {
  @TempDir Path project;

  private static final Path JDK_25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

  @Test
  void aUsersProjectCompilesAndRunsItsOwnRemoteClass() throws Exception {
    buildAndRun(Paths.get(System.getProperty("java.home")), JvmProcess.jrayFlags());
  }

  /** JDK 23+ runs processors only from the processor path, which is what the README shows. */
  @Test
  @EnabledIf("jdk25IsInstalled")
  void theSameProjectBuildsAndRunsOnJdk25() throws Exception {
    List<String> flags = new ArrayList<>(JvmProcess.jrayFlags());
    flags.add("--enable-native-access=ALL-UNNAMED");
    flags.add("--sun-misc-unsafe-memory-access=allow");
    buildAndRun(JDK_25, flags);
  }

  /** A build given {@code -Dmaven.repo.local} (or settings) hands it on to the inner build. */
  @Test
  void theInnerBuildUsesTheOuterBuildsLocalRepository() {
    String repository = System.getProperty("jray.it.localRepository", "");
    assertTrue(Files.isDirectory(Paths.get(repository)),
        "the outer build's local repository reaches the test: " + repository);
    assertTrue(outerBuildOptions().contains("-Dmaven.repo.local=" + repository),
        outerBuildOptions().toString());
  }

  static boolean jdk25IsInstalled() {
    return Files.isExecutable(JDK_25.resolve("bin/javac"));
  }

  private void buildAndRun(Path javaHome, List<String> flags) throws Exception {
    copyProject();
    List<String> mvn = new ArrayList<>(List.of(mvn(), "-B", "-q"));
    mvn.addAll(outerBuildOptions());
    mvn.add("package");
    JvmProcess.Result build = JvmProcess.run(mvn, project,
        Map.of("JAVA_HOME", javaHome.toString()));
    assertEquals(0, build.exitCode(), build.output());
    assertTrue(Files.exists(project.resolve(
        "target/generated-sources/annotations/com/example/WordCountRemote.java")));

    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin/java").toString());
    command.addAll(flags);
    command.add("-jar");
    command.add(project.resolve("target/jray-consumer-1.0.jar").toString());
    JvmProcess.Result run = JvmProcess.run(command, project, Map.of());
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("words: 6"), run.output());
  }

  private void copyProject() throws IOException {
    Path source = Paths.get("src/test/resources/consumer-project");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = project.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          String text = Files.readString(file, StandardCharsets.UTF_8)
              .replace("@jray.version@", System.getProperty("jray.version"));
          Files.writeString(target, text, StandardCharsets.UTF_8);
        }
      }
    }
  }

  /**
   * The local repository, settings and offline mode the outer build was given, so the inner build
   * finds the jray artifacts where the outer one installed them (a user's {@code
   * -Dmaven.repo.local=...} or {@code -s settings.xml} reaches it too).
   */
  static List<String> outerBuildOptions() {
    List<String> options = new ArrayList<>();
    String repository = System.getProperty("jray.it.localRepository", "");
    if (!repository.isBlank() && !repository.contains("${")) {
      options.add("-Dmaven.repo.local=" + repository);
    }
    addIfFile(options, "-s", System.getProperty("jray.it.userSettings", ""));
    addIfFile(options, "-gs", System.getProperty("jray.it.globalSettings", ""));
    if (System.getProperty("jray.it.offline", "").equals("offline=true")) {
      options.add("-o");
    }
    return options;
  }

  private static void addIfFile(List<String> options, String flag, String file) {
    if (!file.isBlank() && !file.contains("${") && Files.isRegularFile(Paths.get(file))) {
      options.add(flag);
      options.add(file);
    }
  }

  private static String mvn() {
    String home = System.getProperty("maven.home");
    return home == null || home.isEmpty() ? "mvn" : Paths.get(home, "bin", "mvn").toString();
  }
}
