package io.jray.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Arrays;
import javax.tools.JavaFileObject;

/** The test inputs under {@code src/test/resources/input}, and a compiler with the processor. */
final class Inputs {
  private Inputs() {}

  static JavaFileObject input(String className) {
    return JavaFileObjects.forResource("input/" + className.replace('.', '/') + ".java");
  }

  static JavaFileObject[] inputs(String... classNames) {
    return Arrays.stream(classNames).map(Inputs::input).toArray(JavaFileObject[]::new);
  }

  /** Compiles with the processor, the annotations and the runtime on the class path. */
  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new RemoteProcessor()).compile(sources);
  }
}
