package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.jray.processor.ActorValidationTest.source;

import com.google.testing.compile.Compilation;
import io.jray.internal.stub.ActorClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * {@code @Remote(isolated = true)}: on an actor class it reaches the runtime's {@code ActorClass};
 * on a task it is a compile error; {@code options().isolated(..)} replaces it per actor.
 */
class IsolatedActorTest {

  @Test
  void isolatedActorClassReachesTheRuntime() throws Exception {
    Compilation compilation = Inputs.compile(Inputs.input("com.example.Sandbox"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(actorClass(compilation, "com.example.SandboxRemote").isolated()).isTrue();
  }

  @Test
  void actorClassSharesAJvmByDefault() throws Exception {
    Compilation compilation = Inputs.compile(source("Counter",
        "@Remote",
        "public class Counter {",
        "  public int increment() { return 1; }",
        "}"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("com.example.CounterRemote")
        .contentsAsUtf8String().contains("CounterRemote.class, \"com.example.Counter\", 0);");
    assertThat(actorClass(compilation, "com.example.CounterRemote").isolated()).isFalse();
  }

  @Test
  void isolatedActorKeepsItsResourcesAndGroups() throws Exception {
    Compilation compilation = Inputs.compile(source("Server",
        "import io.jray.annotations.ConcurrencyGroup;",
        "import io.jray.annotations.InGroup;",
        "@Remote(isolated = true, maxRestarts = 2, resources = \"special=1\")",
        "@ConcurrencyGroup(name = \"io\", maxConcurrency = 4)",
        "public class Server {",
        "  @InGroup(\"io\") public int read() { return 1; }",
        "}"));
    assertThat(compilation).succeeded();
    ActorClass<?> server = actorClass(compilation, "com.example.ServerRemote");
    assertThat(server.isolated()).isTrue();
    assertThat(server.maxRestarts()).isEqualTo(2);
    assertThat(server.groups()).containsExactly("io", 4);
    assertThat(server.resources().amount("special")).isEqualTo(1.0);
  }

  @Test
  void optionsReplaceIsolationPerActor() {
    JavaFileObject user = source("User",
        "public class User {",
        "  static SandboxRemote shared() {",
        "    return SandboxRemote.options().isolated(false).create();",
        "  }",
        "}");
    Compilation compilation = Inputs.compile(Inputs.input("com.example.Sandbox"), user);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.SandboxRemote")
        .contentsAsUtf8String().contains("public Options isolated(boolean isolated)");
  }

  @Test
  void isolatedOnATaskIsAnError() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote(isolated = true)",
        "  static int square(int x) { return x * x; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.ISOLATED_TASK)
        .inFile(source).onLineContaining("isolated = true");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void isolatedOnATaskOfAnActorClassIsAnError() {
    JavaFileObject source = source("Counter",
        "@Remote(isolated = true)",
        "public class Counter {",
        "  public int increment() { return 1; }",
        "  @Remote(maxRetries = 1, isolated = true)",
        "  static int helper() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.ISOLATED_TASK)
        .inFile(source).onLineContaining("maxRetries = 1, isolated = true");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void isolatedFalseOnATaskSaysNothingWrong() {
    Compilation compilation = Inputs.compile(ValidationTest.tasks(
        "  @Remote(isolated = false)",
        "  static int square(int x) { return x * x; }"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void isolatedOnAnActorMethodIsAnOptionOnAnActorMethod() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  @Remote(isolated = true) public int increment() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.OPTION_ON_ACTOR_METHOD)
        .inFile(source).onLineContaining("isolated = true");
    assertThat(compilation).hadErrorCount(1);
  }

  /** The {@code ActorClass} constant of a generated handle, from the compiled class files. */
  private static ActorClass<?> actorClass(Compilation compilation, String handle)
      throws ReflectiveOperationException {
    Class<?> type = Class.forName(handle, true, new CompiledClasses(compilation));
    Field field = type.getDeclaredField(ActorModel.CLASS_CONSTANT);
    field.setAccessible(true);
    return (ActorClass<?>) field.get(null);
  }

  /** Loads the classes a compilation wrote; the runtime's come from the test's class path. */
  private static final class CompiledClasses extends ClassLoader {
    private final Compilation compilation;

    CompiledClasses(Compilation compilation) {
      super(IsolatedActorTest.class.getClassLoader());
      this.compilation = compilation;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
          name.replace('.', '/') + ".class").orElseThrow(() -> new ClassNotFoundException(name));
      try (InputStream in = file.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
