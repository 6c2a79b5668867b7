package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Streaming generators: what their stubs return, and the misuses the processor reports. */
class GeneratorValidationTest {

  @Test
  void anIteratorTasksStubReturnsAGeneratorOfItsValues() throws IOException {
    Compilation compilation = Inputs.compile(Inputs.input("com.example.Jobs"));
    assertThat(compilation).succeededWithoutWarnings();
    String stub = compilation.generatedSourceFile("com.example.JobsRemote").orElseThrow()
        .getCharContent(false).toString();
    assertThat(stub).contains("public static ObjectRefGenerator<Integer> countTo(int n,");
    assertThat(stub).contains("TaskFunction.ofGenerator(");
    assertThat(stub).contains("return Stubs.submitGenerator(COUNT_TO, n, pauseMillis);");
    assertThat(stub).contains("public static ObjectRefGenerator<String> words(String text)");
  }

  @Test
  void anActorsGeneratorMethodReturnsAGeneratorOfTheWildcardsBound() throws IOException {
    Compilation compilation = Inputs.compile(Inputs.input("com.example.Jobs"));
    String stub = compilation.generatedSourceFile("com.example.Jobs_ReaderRemote").orElseThrow()
        .getCharContent(false).toString();
    assertThat(stub).contains("public ObjectRefGenerator<CharSequence> lines()");
    assertThat(stub).contains("ActorMethod.ofGenerator(");
    assertThat(stub).contains("return Stubs.callActorGenerator(ref, LINES);");
    assertThat(stub).contains("public ObjectRef<Integer> count()");
  }

  @Test
  void rawIterator() {
    JavaFileObject source = source("Jobs",
        "public class Jobs {",
        "  @SuppressWarnings(\"rawtypes\")",
        "  @Remote public static Iterator numbers() { return null; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.RAW_GENERATOR)
        .inFile(source).onLineContaining("numbers()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rawStreamOfAnActor() {
    JavaFileObject source = source("Reader",
        "@Remote",
        "public class Reader {",
        "  @SuppressWarnings(\"rawtypes\")",
        "  public Stream lines() { return null; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.RAW_GENERATOR)
        .inFile(source).onLineContaining("lines()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void primitiveStream() {
    JavaFileObject source = source("Jobs",
        "public class Jobs {",
        "  @Remote public static IntStream squares(int n) { return null; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.PRIMITIVE_STREAM)
        .inFile(source).onLineContaining("squares(int n)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void valuesThatCannotBeSent() {
    JavaFileObject source = source("Jobs",
        "public class Jobs {",
        "  @Remote public static Iterator<Thread> spawn() { return null; }",
        "}");
    assertThat(Inputs.compile(source)).hadErrorContaining("java.lang.Thread can never be sent")
        .inFile(source).onLineContaining("spawn()");
  }

  private static JavaFileObject source(String name, String... lines) {
    String[] all = new String[lines.length + 5];
    all[0] = "package test;";
    all[1] = "import io.jray.annotations.Remote;";
    all[2] = "import java.util.Iterator;";
    all[3] = "import java.util.stream.IntStream;";
    all[4] = "import java.util.stream.Stream;";
    System.arraycopy(lines, 0, all, 5, lines.length);
    return JavaFileObjects.forSourceLines("test." + name, all);
  }
}
