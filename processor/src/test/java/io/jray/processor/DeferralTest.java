package io.jray.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Types in a task's signature that another processor generates in a later round. */
class DeferralTest {

  @Test
  void parameterTypeGeneratedInALaterRoundCompiles() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static double norm(Point p) { return Math.hypot(p.x(), p.y()); }");
    Compilation compilation = javac()
        .withProcessors(new RemoteProcessor(), new PointProcessor())
        .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.TasksRemote")
        .contentsAsUtf8String().contains("ObjectRef<Double> norm(ObjectRef<Point> p)");
  }

  @Test
  void typeThatNeverAppearsIsReportedInTheLastRound() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static double norm(Missing m) { return 0; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.UNRESOLVED_TYPE)
        .inFile(source).onLineContaining("norm(Missing m)");
  }

  @Test
  void typeThatNeverAppearsInAnActorIsReportedOnTheMember() {
    JavaFileObject source = ActorValidationTest.source("Counter",
        "@Remote",
        "public class Counter {",
        "  public void add(Missing m) {}",
        "}");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.UNRESOLVED_TYPE)
        .inFile(source).onLineContaining("add(Missing m)");
  }

  @Test
  void typeThatNeverAppearsIsNotReportedWhenAnotherErrorWas() {
    JavaFileObject source = ValidationTest.tasks(
        "  @Remote static double norm(Missing m) { return 0; }",
        "  @Remote private static int hidden() { return 0; }");
    Compilation compilation = Inputs.compile(source);
    assertThat(compilation).hadErrorContaining(Messages.PRIVATE_METHOD)
        .inFile(source).onLineContaining("int hidden()");
    assertThat(compilation.errors().stream()
            .map(error -> error.getMessage(Locale.ROOT))
            .filter(message -> message.startsWith("[jray:")))
        .containsExactly(Messages.PRIVATE_METHOD);
  }

  /** Writes the record {@code com.example.Point} in its first round, as a code generator would. */
  static final class PointProcessor extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (written) {
        return false;
      }
      written = true;
      try (Writer writer =
          processingEnv.getFiler().createSourceFile("com.example.Point").openWriter()) {
        writer.write("package com.example;\npublic record Point(double x, double y) {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }
}
