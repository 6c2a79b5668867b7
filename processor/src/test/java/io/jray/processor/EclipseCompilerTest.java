package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.compiler;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;

/**
 * The processor under the Eclipse compiler (ECJ), as Eclipse and the IDEs built on it run it:
 * through ECJ's {@code javax.tools} compiler, with the processor, the annotations and the runtime
 * on the class path.
 */
class EclipseCompilerTest {

  private static Compilation compile(JavaFileObject... sources) {
    return compiler(new EclipseCompiler())
        .withProcessors(new RemoteProcessor())
        .withOptions("-17", "-warn:-unused")
        .compile(sources);
  }

  @Test
  void taskClassGeneratesAndCompiles() {
    Compilation compilation = compile(Inputs.input("com.example.Squares"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("com.example.SquaresRemote")
        .contentsAsUtf8String().contains("ObjectRef<Double> sumSquares(int a, int b)");
  }

  @Test
  void actorClassGeneratesAndCompiles() {
    Compilation compilation =
        compile(Inputs.inputs("com.example.GoalsScored", "com.example.Team", "com.example.Outer"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("com.example.GoalsScoredRemote")
        .contentsAsUtf8String().contains("public ObjectRef<String> captain()");
    assertThat(compilation).generatedSourceFile("com.example.Outer_CounterRemote")
        .contentsAsUtf8String().contains("public ObjectRef<Integer> increment()");
  }

  @Test
  void errorIsReportedOnTheOffendingElement() {
    // ECJ reads sources from files, so this input is a resource, not an in-memory source.
    JavaFileObject source = Inputs.input("com.example.PrivateTask");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining(Messages.PRIVATE_METHOD)
        .inFile(source).onLineContaining("private static int hidden()");
  }
}
