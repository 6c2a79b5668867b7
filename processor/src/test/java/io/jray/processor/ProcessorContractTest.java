package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What the processor promises the compiler and the build: it never crashes, names the originating
 * element of every file it writes, writes the same bytes for the same input, and waits for types
 * that are generated later, its own handles included.
 */
class ProcessorContractTest {

  @Test
  void anInternalFailureIsOneErrorThatSaysItIsAJrayBug() {
    Compilation compilation = javac()
        .withProcessors(wrapped(filer -> proxy(Filer.class, filer, (method, args) -> {
          throw new IllegalStateException("boom");
        })))
        .compile(Inputs.input("com.example.Squares"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(Messages.INTERNAL_ERROR);
    assertThat(compilation).hadErrorContaining("IllegalStateException: boom");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void everyGeneratedFileNamesTheUsersClassAsItsOnlyOriginatingElement() {
    List<String> origins = new ArrayList<>();
    Compilation compilation = javac()
        .withProcessors(wrapped(filer -> proxy(Filer.class, filer, (method, args) -> {
          if (method.equals("createSourceFile")) {
            Element[] elements = (Element[]) args[1];
            origins.add(args[0] + " <- " + Arrays.toString(elements));
          }
          return null;
        })))
        .compile(Inputs.inputs("com.example.Outer", "com.example.GoalsScored", "com.example.Team"));
    assertThat(compilation).succeeded();
    assertThat(origins).containsExactly(
        "com.example.Outer_InnerRemote <- [com.example.Outer.Inner]",
        "com.example.Outer_CounterRemote <- [com.example.Outer.Counter]",
        "com.example.GoalsScoredRemote <- [com.example.GoalsScored]");
  }

  @Test
  void theSameInputGivesTheSameBytesWhateverTheOrderOfTheFiles() throws IOException {
    String[] classes = {"com.example.Squares", "com.example.GoalsScored", "com.example.Team"};
    String first = generated(Inputs.compile(Inputs.inputs(classes)));
    List<String> reversed = Arrays.asList(classes.clone());
    Collections.reverse(reversed);
    String second = generated(Inputs.compile(Inputs.inputs(reversed.toArray(new String[0]))));
    assertThat(second).isEqualTo(first);
  }

  private static String generated(Compilation compilation) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String name : new String[] {"SquaresRemote", "GoalsScoredRemote"}) {
      all.append(compilation.generatedSourceFile("com.example." + name).orElseThrow()
          .getCharContent(false));
    }
    return all.toString();
  }

  @Test
  void aTaskThatTakesAnActorHandleWaitsForTheHandleToBeGenerated() {
    JavaFileObject counter = ActorValidationTest.source("Counter",
        "@Remote",
        "public class Counter {",
        "  public int increment() { return 1; }",
        "}");
    JavaFileObject referee = ActorValidationTest.source("Referee",
        "@Remote",
        "public class Referee {",
        "  public Referee(CounterRemote counter) {}",
        "  public void watch(CounterRemote other) {}",
        "  @Remote public static int bump(CounterRemote counter) { return 1; }",
        "}");
    // Referee first, so that its signatures name CounterRemote before it exists.
    Compilation compilation = Inputs.compile(referee, counter);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.RefereeRemote")
        .contentsAsUtf8String().contains("ObjectRef<Integer> bump(CounterRemote counter)");
    assertThat(compilation).generatedSourceFile("com.example.RefereeRemote")
        .contentsAsUtf8String().contains("RefereeRemote create(CounterRemote counter)");
  }

  @Test
  void remoteOnAConstructorIsRefusedByTheCompiler() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote",
        "  public Tasks() {}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining("not applicable to this kind of declaration")
        .inFile(source).onLineContaining("@Remote");
  }

  @Test
  void localActorClass() {
    JavaFileObject source = ValidationTest.tasks(
        "  void run() {",
        "    @Remote",
        "    class Counter {}",
        "  }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.LOCAL_ACTOR)
        .inFile(source).onLineContaining("class Counter");
  }

  @Test
  void aClassAlreadyNamedLikeTheStub() {
    JavaFileObject tasks = ValidationTest.tasks(
        "  @Remote static int f() { return 1; }");
    JavaFileObject taken = JavaFileObjects.forSourceLines("com.example.TasksRemote",
        "package com.example;",
        "public class TasksRemote {}");
    Compilation compilation = Inputs.compile(tasks, taken);
    assertThat(compilation).hadErrorContaining(
            Messages.stubClassExists("com.example.TasksRemote"))
        .inFile(tasks).onLineContaining("class Tasks");
    assertThat(compilation).hadErrorCount(1);
  }

  /** The real processor, initialized with an environment whose Filer {@code filers} wraps. */
  private static Processor wrapped(UnaryOperator<Filer> filers) {
    RemoteProcessor processor = new RemoteProcessor();
    return new Processor() {
      @Override
      public Set<String> getSupportedOptions() {
        return processor.getSupportedOptions();
      }

      @Override
      public Set<String> getSupportedAnnotationTypes() {
        return processor.getSupportedAnnotationTypes();
      }

      @Override
      public SourceVersion getSupportedSourceVersion() {
        return processor.getSupportedSourceVersion();
      }

      @Override
      public void init(ProcessingEnvironment environment) {
        Filer filer = filers.apply(environment.getFiler());
        processor.init(proxy(ProcessingEnvironment.class, environment,
            (method, args) -> method.equals("getFiler") ? filer : null));
      }

      @Override
      public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return processor.process(annotations, round);
      }

      @Override
      public Iterable<? extends Completion> getCompletions(Element element,
          AnnotationMirror annotation, ExecutableElement member, String userText) {
        return processor.getCompletions(element, annotation, member, userText);
      }
    };
  }

  /** Sees each call first; a non-null answer replaces the delegate's. */
  interface Hook {
    Object call(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, T delegate, Hook hook) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> {
          Object answer = hook.call(method.getName(), args);
          if (answer != null) {
            return answer;
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }
}
