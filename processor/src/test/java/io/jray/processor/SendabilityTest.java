package io.jray.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Types that can never cross a process boundary are refused in signatures, on their line. */
class SendabilityTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Thread | java.lang.Thread | a thread runs only",
    "ThreadGroup | java.lang.ThreadGroup | a thread group",
    "java.io.FileInputStream | java.io.FileInputStream (a java.io.InputStream) | an open stream",
    "java.io.BufferedWriter | java.io.BufferedWriter (a java.io.Writer) | an open stream",
    "java.net.Socket | java.net.Socket | an open socket",
    "java.nio.channels.SocketChannel | (a java.nio.channels.Channel) | an open socket",
    "java.util.concurrent.locks.ReentrantLock | (a java.util.concurrent.locks.Lock) | a lock",
    "java.util.concurrent.CountDownLatch | java.util.concurrent.CountDownLatch | a lock",
    "ClassLoader | java.lang.ClassLoader | a class loader",
    "Process | java.lang.Process | a process handle",
    "java.util.concurrent.ExecutorService | (a java.util.concurrent.Executor) | an executor",
    "java.util.concurrent.CompletableFuture<Integer> | (a java.util.concurrent.Future) | a future",
    "java.util.stream.Stream<String> | (a java.util.stream.BaseStream) | a stream can",
    "java.sql.Connection | java.sql.Connection | an open socket, file, channel or connection",
    "java.util.List<Thread> | java.lang.Thread | a thread runs only",
    "Thread[] | java.lang.Thread | a thread runs only",
    "java.nio.CharBuffer | java.nio.CharBuffer (a java.nio.Buffer) | a CharBuffer, IntBuffer",
  })
  void parameterThatCanNeverBeSent(String type, String named, String reason) {
    String message = named + " can never be sent to another process: " + reason;
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static int f(",
        "      " + type + " value) { return 1; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NOT_SENDABLE)
        .inFile(source).onLineContaining(type + " value");
    assertThat(compilation).hadErrorContaining(message)
        .inFile(source).onLineContaining(type + " value");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void byteBuffersTravelByValueAsParametersAndResults() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static java.nio.ByteBuffer echo(java.nio.ByteBuffer bytes,",
        "      java.util.List<java.nio.MappedByteBuffer> more) { return bytes; }");
    assertThat(Inputs.compile(source)).succeededWithoutWarnings();
  }

  @Test
  void resultThatCanNeverBeSent() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static java.io.InputStream open(String path) { return null; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(
            Messages.NOT_SENDABLE + " java.io.InputStream can never be sent to another process:"
                + " an open stream")
        .inFile(source).onLineContaining("InputStream open(");
  }

  @Test
  void actorMethodAndConstructorThatCanNeverBeSent() {
    JavaFileObject source = ActorValidationTest.source("Pool",
        "@Remote",
        "public class Pool {",
        "  public Pool(",
        "      java.util.concurrent.ExecutorService executor) {}",
        "  public Thread worker() { return null; }",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.NOT_SENDABLE)
        .inFile(source).onLineContaining("ExecutorService executor");
    assertThat(compilation).hadErrorContaining(Messages.NOT_SENDABLE)
        .inFile(source).onLineContaining("Thread worker()");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void plainFunctionalInterfaceParameterWarns() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static int apply(",
        "      java.util.function.IntUnaryOperator f, int x) { return f.applyAsInt(x); }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(Messages.LAMBDA_TYPE)
        .inFile(source).onLineContaining("IntUnaryOperator f");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void serializableFunctionalInterfaceAndComparatorLikeTypesAreFine() {
    JavaFileObject source = ValidationTest.tasks(
        "  interface Step extends java.util.function.IntUnaryOperator, java.io.Serializable {}",
        "  @Remote static int apply(Step f, int x) { return f.applyAsInt(x); }",
        "  @Remote static int size(java.util.List<Runnable> tasks) { return tasks.size(); }",
        "  @Remote static int parse(java.io.File file) { return 0; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void refsInsideValuesAndAsResultsAreSupported() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static int count(java.util.List<io.jray.ObjectRef<Integer>> refs) {",
        "    return refs.size();",
        "  }",
        "  @Remote static io.jray.ObjectRef<Integer> later(int x) { return null; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.TasksRemote")
        .contentsAsUtf8String().contains("ObjectRef<ObjectRef<Integer>> later(int x)");
  }
}
