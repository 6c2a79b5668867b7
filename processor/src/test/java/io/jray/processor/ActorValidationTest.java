package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per problem with a class-level @Remote class: the message, and its line. */
class ActorValidationTest {

  @Test
  void interfaceCannotBeAnActor() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public interface Counter {",
        "  int increment();",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.INTERFACE_ACTOR)
        .inFile(source).onLineContaining("interface Counter");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void enumCannotBeAnActor() {
    JavaFileObject source = source("Color",
        "@Remote",
        "public enum Color { RED, GREEN }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.ENUM_ACTOR)
        .inFile(source).onLineContaining("enum Color");
  }

  @Test
  void recordCannotBeAnActor() {
    JavaFileObject source = source("Point",
        "@Remote",
        "public record Point(int x, int y) {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.RECORD_ACTOR)
        .inFile(source).onLineContaining("record Point");
  }

  @Test
  void abstractClassCannotBeAnActor() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public abstract class Counter {",
        "  public abstract int increment();",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.ABSTRACT_ACTOR)
        .inFile(source).onLineContaining("class Counter");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void genericClassCannotBeAnActor() {
    JavaFileObject source = source("Box",
        "@Remote",
        "public class Box<T> {",
        "  private T value;",
        "  public T get() { return value; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.GENERIC_ACTOR)
        .inFile(source).onLineContaining("class Box<T>");
  }

  @Test
  void subclassWithConcreteTypesOfAGenericClassIsAnActor() {
    JavaFileObject box = JavaFileObjects.forSourceLines("com.example.Box",
        "package com.example;",
        "public class Box<T> {",
        "  private T value;",
        "  public T get() { return value; }",
        "  public void put(T newValue) { value = newValue; }",
        "}");
    JavaFileObject intBox = source("IntBox",
        "@Remote",
        "public class IntBox extends Box<Integer> {}");
    Compilation compilation = Inputs.compile(box, intBox);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.IntBoxRemote")
        .contentsAsUtf8String().contains("public ObjectRef<Void> put(Integer newValue)");
  }

  @Test
  void innerClassCannotBeAnActor() {
    JavaFileObject source = source("Outer",
        "public class Outer {",
        "  @Remote",
        "  public class Counter {}",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.INNER_ACTOR)
        .inFile(source).onLineContaining("class Counter");
  }

  @Test
  void privateClassCannotBeAnActor() {
    JavaFileObject source = source("Outer",
        "public class Outer {",
        "  @Remote",
        "  private static class Counter {}",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.PRIVATE_ACTOR)
        .inFile(source).onLineContaining("class Counter");
  }

  @Test
  void classWithoutPublicConstructor() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  Counter(int start) {}",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NO_PUBLIC_CONSTRUCTOR)
        .inFile(source).onLineContaining("class Counter");
  }

  @Test
  void implicitConstructorGivesCreate() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.CounterRemote")
        .contentsAsUtf8String().contains("public static CounterRemote create()");
  }

  @Test
  void packagePrivateClassGetsAPackagePrivateHandle() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "class Counter {",
        "  public Counter() {}",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.CounterRemote")
        .contentsAsUtf8String().contains("\nfinal class CounterRemote implements ActorStub");
  }

  @Test
  void maxRestartsBelowMinusOne() {
    JavaFileObject source = source("Counter",
        "@Remote(",
        "    maxRestarts = -2)",
        "public class Counter {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NEGATIVE_RESTARTS)
        .inFile(source).onLineContaining("maxRestarts = -2");
  }

  @Test
  void maxRetriesOnAnActorWarns() {
    JavaFileObject source = source("Counter",
        "@Remote(",
        "    maxRetries = 5)",
        "public class Counter {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(Messages.RETRIES_ON_ACTOR)
        .inFile(source).onLineContaining("maxRetries = 5");
  }

  @Test
  void maxRestartsOnATaskWarns() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote(",
        "      maxRestarts = 1)",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(Messages.RESTARTS_ON_TASK)
        .inFile(source).onLineContaining("maxRestarts = 1");
  }

  @Test
  void genericMethodOfAnActor() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  public <T> T echo(T value) { return value; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.GENERIC_ACTOR_METHOD)
        .inFile(source).onLineContaining("T echo(T value)");
  }

  @Test
  void genericMethodInheritedByAnActorIsReportedOnTheActor() {
    JavaFileObject base = JavaFileObjects.forSourceLines("com.example.Base",
        "package com.example;",
        "public class Base {",
        "  public <T> T echo(T value) { return value; }",
        "}");
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter extends Base {}");
    Compilation compilation = Inputs.compile(base, source);
    assertThat(compilation).hadErrorContaining(
            Messages.GENERIC_ACTOR_METHOD + " (Inherited: Base.echo(T).)")
        .inFile(source).onLineContaining("class Counter");
  }

  @Test
  void genericConstructor() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  public <T extends Number> Counter(T start) {}",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.GENERIC_CONSTRUCTOR)
        .inFile(source).onLineContaining("Counter(T start)");
  }

  @Test
  void remoteOnANonPublicActorMethod() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  @Remote int increment() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NON_PUBLIC_ACTOR_METHOD)
        .inFile(source).onLineContaining("int increment()");
  }

  @Test
  void methodNamedLikeAHandleMember() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  public int create(int x) { return x; }",
        "  @Remote public static int options() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.RESERVED_NAME)
        .inFile(source).onLineContaining("int create(int x)");
    assertThat(compilation).hadErrorContaining(Messages.RESERVED_NAME)
        .inFile(source).onLineContaining("int options()");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void typeTheHandleCannotName() {
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  private static class Secret {}",
        "  public int add(Secret s) { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(
            Messages.inaccessibleType("com.example.Counter.Secret"))
        .inFile(source).onLineContaining("Secret s)");
  }

  @Test
  void namesThatCouldShadowTheGeneratedMembersStillCompile() {
    JavaFileObject options = JavaFileObjects.forSourceLines("com.example.other.Options",
        "package com.example.other;",
        "public class Options implements java.io.Serializable {}");
    JavaFileObject source = source("Counter",
        "@Remote",
        "public class Counter {",
        "  public Counter(int options) {}",
        "  public int ref(int ref) { return ref; }",
        "  public int twice(int TWICE) { return 2 * TWICE; }",
        "  public void configure(com.example.other.Options options) {}",
        "  public int actor(int args) { return args; }",
        "}");
    Compilation compilation = Inputs.compile(options, source);
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** {@code com.example.<name>}, importing {@code @Remote}, with the given lines. */
  static JavaFileObject source(String name, String... lines) {
    String[] all = new String[lines.length + 2];
    all[0] = "package com.example;";
    all[1] = "import io.jray.annotations.Remote;";
    System.arraycopy(lines, 0, all, 2, lines.length);
    return JavaFileObjects.forSourceLines("com.example." + name, all);
  }
}
