package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The warnings about stubs that are left out: message and line, on each method concerned. */
class WarningsTest {
  private final JavaFileObject overloads = Inputs.input("com.example.Overloads");

  @Test
  void tooManyParametersToMixValuesAndRefs() {
    Compilation compilation = Inputs.compile(overloads);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(Messages.TOO_MANY_PARAMETERS)
        .inFile(overloads).onLineContaining("int sum7(");
  }

  @Test
  void erasureClashIsReportedOnBothOverloadsAndNamesTheOther() {
    Compilation compilation = Inputs.compile(overloads);
    assertThat(compilation).hadWarningContaining(
            Messages.refOverloadClash("s", 1, "size(java.lang.Integer)"))
        .inFile(overloads).onLineContaining("size(String s)");
    assertThat(compilation).hadWarningContaining(
            Messages.refOverloadClash("i", 1, "size(java.lang.String)"))
        .inFile(overloads).onLineContaining("size(Integer i)");
  }

  @Test
  void erasureClashLeavesOutOnlyTheClashingMixes() {
    Compilation compilation = Inputs.compile(overloads);
    assertThat(compilation).hadWarningContaining(
            Messages.refOverloadClash("s", 1, "pad(java.lang.StringBuilder, int)"))
        .inFile(overloads).onLineContaining("pad(String s, int width)");
    assertThat(compilation).generatedSourceFile("com.example.OverloadsRemote")
        .contentsAsUtf8String().contains("pad(String s, ObjectRef<Integer> width)");
    assertThat(compilation).hadWarningCount(5);
  }

  @Test
  void parametersThatCanOnlyClashTogetherAreNamedTogether() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static int f(String a, String b) { return 1; }",
        "  @Remote static int f(Integer a, Integer b) { return 2; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadWarningContaining(Messages.refOverloadClash(
            "a and b", 2, "f(java.lang.Integer, java.lang.Integer)"))
        .inFile(source).onLineContaining("f(String a, String b)");
    assertThat(compilation).generatedSourceFile("com.example.TasksRemote")
        .contentsAsUtf8String().contains("f(ObjectRef<String> a, String b)");
  }
}
