package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.jray.processor.ValidationTest.tasks;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The resource elements of {@code @Remote}: each mistake is an error on its own line. */
class ResourceValidationTest {

  @Test
  void negativeCpusOnATask() {
    JavaFileObject source = tasks(
        "  @Remote(numCpus = -2)",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NEGATIVE_RESOURCE)
        .inFile(source).onLineContaining("numCpus = -2");
  }

  @Test
  void negativeMemoryAndGpus() {
    JavaFileObject source = tasks(
        "  @Remote(memoryBytes = -1)",
        "  static int f() { return 1; }",
        "  @Remote(numGpus = -0.5)",
        "  static int g() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NEGATIVE_RESOURCE)
        .inFile(source).onLineContaining("memoryBytes = -1");
    assertThat(compilation).hadErrorContaining(Messages.NEGATIVE_RESOURCE)
        .inFile(source).onLineContaining("numGpus = -0.5");
  }

  @Test
  void moreThanOneGpuMustBeWhole() {
    JavaFileObject source = tasks(
        "  @Remote(numGpus = 1.5)",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.FRACTIONAL_GPUS)
        .inFile(source).onLineContaining("numGpus = 1.5");
  }

  @Test
  void malformedCustomResourcesEachOnTheirOwnLine() {
    JavaFileObject source = tasks(
        "  @Remote(resources = {",
        "      \"special\",",
        "      \"9lives=1\",",
        "      \"disk=-1\",",
        "      \"ok=2\"})",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(Messages.malformedResource("special"))
        .inFile(source).onLineContaining("\"special\"");
    assertThat(compilation).hadErrorContaining(Messages.malformedResource("9lives=1"))
        .inFile(source).onLineContaining("9lives");
    assertThat(compilation).hadErrorContaining(Messages.malformedResource("disk=-1"))
        .inFile(source).onLineContaining("disk=-1");
  }

  @Test
  void cpuGpuAndMemoryHaveElementsOfTheirOwn() {
    JavaFileObject source = tasks(
        "  @Remote(resources = \"CPU=2\")",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.RESERVED_RESOURCE)
        .inFile(source).onLineContaining("CPU=2");
  }

  @Test
  void anActorsResourcesAreCheckedToo() {
    JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Holder",
        "package com.example;",
        "import io.jray.annotations.Remote;",
        "@Remote(numCpus = -3, resources = \"spe cial=1\")",
        "public class Holder {",
        "  public int f() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NEGATIVE_RESOURCE)
        .inFile(source).onLineContaining("numCpus = -3");
    assertThat(compilation).hadErrorContaining(Messages.malformedResource("spe cial=1"))
        .inFile(source).onLineContaining("spe cial=1");
  }

  @Test
  void wellFormedResourcesCompileWithoutWarningsAndReachTheStub() {
    JavaFileObject source = tasks(
        "  @Remote(numCpus = 2, numGpus = 0.5, resources = \"special=1\")",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.TasksRemote")
        .contentsAsUtf8String().contains("\"CPU=2,GPU=0.5,special=1\"");
  }
}
