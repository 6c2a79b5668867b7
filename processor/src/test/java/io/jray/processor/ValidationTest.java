package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per error: the message, and the line it is reported on. */
class ValidationTest {

  @Test
  void privateMethod() {
    JavaFileObject source = tasks(
        "  @Remote private static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(Messages.PRIVATE_METHOD)
        .inFile(source).onLineContaining("private static int f()");
  }

  @Test
  void instanceMethodOfAPlainClass() {
    JavaFileObject source = tasks(
        "  @Remote int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.INSTANCE_METHOD)
        .inFile(source).onLineContaining("int f()");
  }

  @Test
  void instanceMethodOfAnActorGetsAHandleMethodAndStaticOnesStillGetStubs() {
    JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Counter",
        "package com.example;",
        "import io.jray.annotations.Remote;",
        "@Remote",
        "public class Counter {",
        "  private int count;",
        "  @Remote public int increment() { return ++count; }",
        "  @Remote public static int twice(int x) { return 2 * x; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.CounterRemote")
        .contentsAsUtf8String().contains("public static ObjectRef<Integer> twice(int x)");
    assertThat(compilation).generatedSourceFile("com.example.CounterRemote")
        .contentsAsUtf8String().contains("public ObjectRef<Integer> increment()");
  }

  @Test
  void abstractMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Shape",
        "package com.example;",
        "import io.jray.annotations.Remote;",
        "public abstract class Shape {",
        "  @Remote abstract double area();",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.ABSTRACT_METHOD)
        .inFile(source).onLineContaining("double area()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void interfaceMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Shapes",
        "package com.example;",
        "import io.jray.annotations.Remote;",
        "public interface Shapes {",
        "  @Remote double area();",
        "  @Remote static double unit() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.INTERFACE_METHOD)
        .inFile(source).onLineContaining("double area()");
    assertThat(compilation).hadErrorContaining(Messages.INTERFACE_METHOD)
        .inFile(source).onLineContaining("double unit()");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void innerClass() {
    JavaFileObject source = tasks(
        "  class Inner {",
        "    @Remote static int f() { return 1; }",
        "  }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.INNER_CLASS)
        .inFile(source).onLineContaining("static int f()");
  }

  @Test
  void localClass() {
    JavaFileObject source = tasks(
        "  void run() {",
        "    class Local {",
        "      @Remote static int inLocal() { return 1; }",
        "    }",
        "  }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.LOCAL_CLASS)
        .inFile(source).onLineContaining("static int inLocal()");
  }

  @Test
  void anonymousClass() {
    JavaFileObject source = tasks(
        "  Object field = new Object() {",
        "    @io.jray.annotations.Remote static int inAnonymous() { return 1; }",
        "  };");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.LOCAL_CLASS)
        .inFile(source).onLineContaining("static int inAnonymous()");
  }

  @Test
  void privateEnclosingClass() {
    JavaFileObject source = tasks(
        "  private static class Hidden {",
        "    @Remote static int f() { return 1; }",
        "  }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.PRIVATE_CLASS)
        .inFile(source).onLineContaining("static int f()");
  }

  @Test
  void everyProblemOfOneMethodIsReported() {
    JavaFileObject source = tasks(
        "  private class Inner {",
        "    @Remote private static <T> T f(T x) { return x; }",
        "  }");
    Compilation compilation = Inputs.compile(source);
    for (String message : new String[] {Messages.PRIVATE_METHOD, Messages.PRIVATE_CLASS,
        Messages.INNER_CLASS, Messages.GENERIC_METHOD}) {
      assertThat(compilation).hadErrorContaining(message)
          .inFile(source).onLineContaining("T f(T x)");
    }
    assertThat(compilation).hadErrorCount(4);
  }

  @Test
  void genericMethod() {
    JavaFileObject source = tasks(
        "  @Remote static <T extends Number> T first(java.util.List<T> xs) { return xs.get(0); }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.GENERIC_METHOD)
        .inFile(source).onLineContaining("T first(");
  }

  @Test
  void varargsAreSupported() {
    JavaFileObject source = tasks(
        "  @Remote static int count(java.util.List<String>... lists) { return lists.length; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.TasksRemote")
        .contentsAsUtf8String().contains("count(List<String>... lists)");
  }

  @Test
  void objectRefParameter() {
    JavaFileObject source = tasks(
        "  @Remote static int f(",
        "      io.jray.ObjectRef<Integer> x) { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.REF_PARAMETER)
        .inFile(source).onLineContaining("ObjectRef<Integer> x");
  }

  @Test
  void negativeMaxRetries() {
    JavaFileObject source = tasks(
        "  @Remote(",
        "      maxRetries = -2)",
        "  static int f() { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NEGATIVE_RETRIES)
        .inFile(source).onLineContaining("maxRetries = -2");
  }

  @Test
  void stubNameTaken() {
    JavaFileObject nested = JavaFileObjects.forSourceLines("com.example.Outer",
        "package com.example;",
        "import io.jray.annotations.Remote;",
        "public class Outer {",
        "  public static class Inner {",
        "    @Remote static int f() { return 1; }",
        "  }",
        "}");
    JavaFileObject flat = JavaFileObjects.forSourceLines("com.example.Outer_Inner",
        "package com.example;",
        "import io.jray.annotations.Remote;",
        "public class Outer_Inner {",
        "  @Remote static int g() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(nested, flat);
    assertThat(compilation).hadErrorContaining(Messages.STUB_NAME_TAKEN)
        .inFile(flat).onLineContaining("class Outer_Inner");
    assertThat(compilation).hadErrorCount(1);
  }

  /** {@code com.example.Tasks} with the given members. */
  static JavaFileObject tasks(String... members) {
    String[] lines = new String[members.length + 4];
    lines[0] = "package com.example;";
    lines[1] = "import io.jray.annotations.Remote;";
    lines[2] = "public class Tasks {";
    System.arraycopy(members, 0, lines, 3, members.length);
    lines[lines.length - 1] = "}";
    return JavaFileObjects.forSourceLines("com.example.Tasks", lines);
  }
}
