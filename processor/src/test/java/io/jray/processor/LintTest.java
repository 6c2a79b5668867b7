package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated code compiles against the real jray-runtime (on the test class path) without a single
 * warning under {@code -Xlint:all}.
 *
 * <p>One javac warning is not about any code: {@code -Xlint:processing} warns that "no processor
 * claimed" an annotation, and the processor never claims {@code @Remote} (claiming would hide it
 * from other processors). So the strict check turns that category off, and a second test shows it
 * is the only warning left under plain {@code -Xlint:all}.
 */
class LintTest {

  @Test
  void generatedCodeCompilesWithoutWarnings() {
    Compilation compilation = javac()
        .withProcessors(new RemoteProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(Inputs.inputs("com.example.Squares", "com.example.Outer",
            "com.example.GoalsScored", "com.example.Team", "com.example.Sandbox"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void underAllLintTheOnlyWarningIsThatNoProcessorClaimedAnAnnotation() {
    Compilation compilation = javac()
        .withProcessors(new RemoteProcessor())
        .withOptions("-Xlint:all")
        .compile(Inputs.inputs("com.example.Squares", "com.example.Outer"));
    assertThat(compilation).succeeded();
    assertThat(compilation.warnings()).isNotEmpty();
    for (Diagnostic<?> warning : compilation.warnings()) {
      assertThat(warning.getMessage(Locale.ROOT)).contains("No processor claimed");
    }
  }

  @Test
  void rawTypesInTheUsersSignatureWarnOnlyInTheUsersFile() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static int size(java.util.List xs, java.util.Map<String, java.util.List> m) {",
        "    return xs.size();",
        "  }");
    Compilation compilation = javac()
        .withProcessors(new RemoteProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation.warnings()).isNotEmpty();
    for (Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
      assertThat(warning.getSource()).isEqualTo(source);
    }
  }

  @Test
  void stubsLeftOutOnPurposeAddNoWarningsButTheProcessors() {
    Compilation compilation = javac()
        .withProcessors(new RemoteProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(Inputs.input("com.example.Overloads"));
    assertThat(compilation).succeeded();
    assertThat(compilation.warnings()).isNotEmpty();
    for (Diagnostic<?> warning : compilation.warnings()) {
      assertThat(warning.getMessage(Locale.ROOT)).startsWith("[jray:");
    }
  }
}
