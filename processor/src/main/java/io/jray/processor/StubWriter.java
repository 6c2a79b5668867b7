package io.jray.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.jray.processor.StubMethodWriter.Target;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@link StubModel} as Java source: for an actor class the handle (see {@link
 * ActorWriter}); then one {@code TaskFunction} constant per task, whose invoker calls the user's
 * method directly, and the stubs of each task (see {@link StubMethodWriter}).
 */
final class StubWriter {
  static final ClassName TASK_FUNCTION = ClassName.get("io.jray.internal.stub", "TaskFunction");
  static final ClassName STUBS = ClassName.get("io.jray.internal.stub", "Stubs");
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private StubWriter() {}

  /** The source file for {@code model}; {@code originating} is the user's class. */
  static JavaFile write(StubModel model, Element originating) {
    TypeSpec.Builder type = TypeSpec.classBuilder(model.stub())
        .addOriginatingElement(originating)
        .addModifiers(Modifier.FINAL);
    if (model.generatedAnnotation()) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED)
          .addMember("value", "$S", RemoteProcessor.class.getName())
          .build());
    }
    if (model.isActor()) {
      ActorWriter.addHandle(model, type);
    } else {
      type.addModifiers(Modifier.PUBLIC)
          .addJavadoc("Remote stubs for {@link $T}: each method submits a task and returns\n"
              + "an {@link $T} to its result at once.\n", model.owner(), ModelFactory.OBJECT_REF)
          .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    }
    for (CallModel task : model.tasks()) {
      type.addField(constant(model, task));
    }
    for (CallModel task : model.tasks()) {
      type.addMethods(StubMethodWriter.stubs(model, task, Target.TASK));
    }
    return JavaFile.builder(model.stub().packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private static FieldSpec constant(StubModel model, CallModel task) {
    FieldSpec.Builder field = FieldSpec.builder(
        ParameterizedTypeName.get(TASK_FUNCTION, task.result()), task.constant(),
        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL);
    if (!task.invokerWarnings().isEmpty()) {
      field.addAnnotation(suppressWarnings(task.invokerWarnings()));
    }
    if (task.generator()) {
      // Each value the method's Iterator or Stream gives is stored as it comes.
      return field.initializer("$T.ofGenerator($>$>\n$T.class, $S,\n$S, $L, $S,\nargs -> $L)$<$<",
              TASK_FUNCTION, model.stub(), task.signature(), task.displayName(),
              task.maxRetries(), task.resources(),
              invoker(CodeBlock.of("$T", model.owner()), task))
          .build();
    }
    if (task.async()) {
      // The future's value settles the ref when it completes.
      return field.initializer("$T.ofAsync($>$>\n$T.class, $S,\n$S, $L, $S,\nargs -> $L)$<$<",
              TASK_FUNCTION, model.stub(), task.signature(), task.displayName(),
              task.maxRetries(), task.resources(),
              invoker(CodeBlock.of("$T", model.owner()), task))
          .build();
    }
    if (!task.resources().isEmpty()) {
      return field.initializer("$T.of($>$>\n$T.class, $S,\n$S, $L, $S,\nargs -> $L)$<$<",
              TASK_FUNCTION, model.stub(), task.signature(), task.displayName(),
              task.maxRetries(), task.resources(),
              invoker(CodeBlock.of("$T", model.owner()), task))
          .build();
    }
    return field.initializer("$T.of($>$>\n$T.class, $S,\n$S, $L,\nargs -> $L)$<$<",
            TASK_FUNCTION, model.stub(), task.signature(), task.displayName(),
            task.maxRetries(), invoker(CodeBlock.of("$T", model.owner()), task))
        .build();
  }

  /**
   * The lambda's body: the user's method called on {@code target} (the class, or the actor) with
   * each argument cast to its type.
   */
  static CodeBlock invoker(CodeBlock target, CallModel call) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (int i = 0; i < call.parameters().size(); i++) {
      arguments.add(CodeBlock.of("($T) args[$L]", call.parameters().get(i).type(), i));
    }
    CodeBlock invocation = call.kind() == CallModel.Kind.CONSTRUCTOR
        ? CodeBlock.of("new $L($L)", target, CodeBlock.join(arguments, ",$W"))
        : CodeBlock.of("$L.$N($L)", target, call.name(), CodeBlock.join(arguments, ",$W"));
    return call.returnsVoid()
        ? CodeBlock.of("{$>\n$L;\nreturn null;$<\n}", invocation)
        : invocation;
  }

  static AnnotationSpec suppressWarnings(List<String> warnings) {
    AnnotationSpec.Builder annotation = AnnotationSpec.builder(SuppressWarnings.class);
    for (String warning : warnings) {
      annotation.addMember("value", "$S", warning);
    }
    return annotation.build();
  }
}
