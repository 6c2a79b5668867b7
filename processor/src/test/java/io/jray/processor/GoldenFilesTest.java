package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares each generated class with its golden file under {@code
 * src/test/resources/golden/}, byte for byte.
 *
 * <p>When a change to the generated code is intended, rewrite the golden files and review the
 * diff: {@code mvn -B -pl processor verify -Djray.updateGolden=true}.
 */
class GoldenFilesTest {
  private static final boolean UPDATE = Boolean.getBoolean("jray.updateGolden");
  private static final Path GOLDEN = Paths.get("src", "test", "resources", "golden");

  @ParameterizedTest
  @CsvSource({
    "com.example.Squares, com.example.SquaresRemote",
    "com.example.Outer, com.example.Outer_InnerRemote",
    "com.example.Outer, com.example.Outer_CounterRemote",
    "com.example.Overloads, com.example.OverloadsRemote",
    "com.example.GoalsScored com.example.Team, com.example.GoalsScoredRemote",
    "com.example.Jobs, com.example.JobsRemote",
    "com.example.Jobs, com.example.Jobs_ReaderRemote",
    "com.example.Sandbox, com.example.SandboxRemote",
  })
  void generatedSourceMatchesGoldenFile(String inputs, String stub) throws IOException {
    Compilation compilation = Inputs.compile(Inputs.inputs(inputs.split(" ")));
    assertThat(compilation).succeeded();
    Optional<JavaFileObject> generated = compilation.generatedSourceFile(stub);
    assertThat(generated).isPresent();
    String actual = generated.get().getCharContent(false).toString();
    Path golden = GOLDEN.resolve(stub.replace('.', '/') + ".java");
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
