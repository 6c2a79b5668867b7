package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Concurrency groups, future results and options on actor methods: one test per diagnostic, its
 * message and its line, and what compiles.
 */
class ConcurrencyValidationTest {

  @Test
  void groupsAndFutureResultsCompileWithoutWarnings() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(name = \"health\", maxConcurrency = 1)",
        "@ConcurrencyGroup(name = \"io\", maxConcurrency = 4)",
        "public class Server {",
        "  @InGroup(\"health\") public boolean ping() { return true; }",
        "  @InGroup(\"io\") public CompletableFuture<String> read(String path) {",
        "    return CompletableFuture.completedFuture(path);",
        "  }",
        "  public CompletionStage<Integer> later() { return CompletableFuture.completedFuture(1); }",
        "  public CompletableFuture<? extends Number> bounded() { return null; }",
        "  @Remote static CompletableFuture<Long> task() { return null; }",
        "}");
    assertThat(Inputs.compile(source)).succeededWithoutWarnings();
  }

  @Test
  void groupOnAClassThatIsNotAnActor() {
    JavaFileObject source = source("Plain",
        "@ConcurrencyGroup(name = \"health\")",
        "public class Plain {",
        "  @Remote static int f() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.GROUP_ON_NON_ACTOR)
        .inFile(source).onLineContaining("@ConcurrencyGroup");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void groupOnAClassWithoutAnyRemote() {
    JavaFileObject source = source("Plain",
        "@ConcurrencyGroup(name = \"health\")",
        "public class Plain {}");
    assertThat(Inputs.compile(source)).hadErrorContaining(Messages.GROUP_ON_NON_ACTOR)
        .inFile(source).onLineContaining("@ConcurrencyGroup");
  }

  @Test
  void groupNameMustBeSimpleAndNotDefault() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(name = \"default\")",
        "@ConcurrencyGroup(name = \"two words\")",
        "public class Server {}");
    Compilation compilation = Inputs.compile(source);
    // Repeated annotations sit in a container that javac made up: the errors go on the class.
    assertThat(compilation).hadErrorContaining(Messages.GROUP_NAME + " (Group \"default\".)")
        .inFile(source).onLineContaining("class Server");
    assertThat(compilation).hadErrorContaining(Messages.GROUP_NAME + " (Group \"two words\".)")
        .inFile(source).onLineContaining("class Server");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void oneGroupsProblemIsOnItsValue() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(",
        "    name = \"default\")",
        "public class Server {}");
    assertThat(Inputs.compile(source)).hadErrorContaining(Messages.GROUP_NAME)
        .inFile(source).onLineContaining("name = \"default\"");
  }

  @Test
  void groupNamesAreUnique() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(name = \"io\", maxConcurrency = 2)",
        "@ConcurrencyGroup(name = \"io\", maxConcurrency = 3)",
        "public class Server {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.DUPLICATE_GROUP + " (Group \"io\".)")
        .inFile(source).onLineContaining("class Server");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void groupRunsAtLeastOneCall() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(name = \"io\", maxConcurrency = 0)",
        "public class Server {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.GROUP_CONCURRENCY)
        .inFile(source).onLineContaining("maxConcurrency = 0");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void inGroupNamesADeclaredGroup() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(name = \"io\")",
        "public class Server {",
        "  @InGroup(\"helth\") public boolean ping() { return true; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.UNKNOWN_GROUP)
        .inFile(source).onLineContaining("@InGroup(\"helth\")");
    assertThat(compilation).hadErrorContaining("\"helth\" is not among [io]")
        .inFile(source).onLineContaining("@InGroup(\"helth\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void inGroupOutsideAnActor() {
    JavaFileObject source = source("Tasks",
        "public class Tasks {",
        "  @InGroup(\"io\") @Remote static int f() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.IN_GROUP_OUTSIDE_ACTOR)
        .inFile(source).onLineContaining("@InGroup(\"io\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void inGroupOnAMethodThatIsNotCalledRemotely() {
    JavaFileObject source = source("Server",
        "@Remote",
        "@ConcurrencyGroup(name = \"io\")",
        "public class Server {",
        "  @InGroup(\"io\") boolean hidden() { return true; }",
        "  @InGroup(\"io\") public static boolean shared() { return true; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.IN_GROUP_NOT_CALLABLE)
        .inFile(source).onLineContaining("hidden()");
    assertThat(compilation).hadErrorContaining(Messages.IN_GROUP_NOT_CALLABLE)
        .inFile(source).onLineContaining("shared()");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void optionsOnAnActorMethodDoNotApply() {
    JavaFileObject source = source("Server",
        "@Remote",
        "public class Server {",
        "  @Remote public int plain() { return 1; }",
        "  @Remote(numCpus = 2) public int heavy() { return 1; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.OPTION_ON_ACTOR_METHOD)
        .inFile(source).onLineContaining("numCpus = 2");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rawFutureResult() {
    JavaFileObject source = source("Server",
        "@Remote",
        "public class Server {",
        "  @SuppressWarnings(\"rawtypes\")",
        "  public CompletableFuture later() { return null; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.RAW_FUTURE)
        .inFile(source).onLineContaining("later()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void futureParameterStaysAnError() {
    JavaFileObject source = source("Server",
        "@Remote",
        "public class Server {",
        "  public int take(CompletableFuture<Integer> value) { return 1; }",
        "}");
    assertThat(Inputs.compile(source)).hadErrorContaining(Messages.NOT_SENDABLE)
        .inFile(source).onLineContaining("CompletableFuture<Integer> value");
  }

  @Test
  void futureOfSomethingThatCannotBeSent() {
    JavaFileObject source = source("Server",
        "@Remote",
        "public class Server {",
        "  public CompletableFuture<Thread> spawn() { return null; }",
        "}");
    assertThat(Inputs.compile(source)).hadErrorContaining("java.lang.Thread can never be sent")
        .inFile(source).onLineContaining("spawn()");
  }

  static JavaFileObject source(String name, String... lines) {
    String[] all = new String[lines.length + 6];
    all[0] = "package com.example;";
    all[1] = "import io.jray.annotations.ConcurrencyGroup;";
    all[2] = "import io.jray.annotations.InGroup;";
    all[3] = "import io.jray.annotations.Remote;";
    all[4] = "import java.util.concurrent.CompletableFuture;";
    all[5] = "import java.util.concurrent.CompletionStage;";
    System.arraycopy(lines, 0, all, 6, lines.length);
    return JavaFileObjects.forSourceLines("com.example." + name, all);
  }
}
