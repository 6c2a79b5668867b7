package io.jray.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the stubs of one task: one static method per mix of values and refs that the model
 * keeps, each submitting the task's constant with its arguments as given.
 */
final class StubMethodWriter {
  private StubMethodWriter() {}

  static List<MethodSpec> stubs(StubModel model, TaskModel task) {
    List<MethodSpec> stubs = new ArrayList<>();
    for (int mask : task.refMasks()) {
      stubs.add(stub(model, task, mask));
    }
    return stubs;
  }

  private static MethodSpec stub(StubModel model, TaskModel task, int mask) {
    List<ParameterModel> parameters = task.parameters();
    int last = parameters.size() - 1;
    boolean varargs = task.varargs() && !TaskModel.isRef(mask, last);
    MethodSpec.Builder method = MethodSpec.methodBuilder(task.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(ParameterizedTypeName.get(ModelFactory.OBJECT_REF, task.result()))
        .addJavadoc(javadoc(model, task, mask))
        .varargs(varargs);
    if (varargs && !parameters.get(last).reifiable()) {
      method.addAnnotation(SafeVarargs.class);
    }
    if (task.rawTypes()) {
      method.addAnnotation(StubWriter.suppressWarnings(List.of("rawtypes")));
    }
    List<CodeBlock> arguments = new ArrayList<>();
    arguments.add(CodeBlock.of("$N", task.constant()));
    for (int i = 0; i < parameters.size(); i++) {
      ParameterModel parameter = parameters.get(i);
      method.addParameter(ParameterSpec.builder(
          TaskModel.isRef(mask, i) ? parameter.refType() : parameter.type(), parameter.name())
          .build());
      arguments.add(CodeBlock.of("$N", parameter.name()));
    }
    if (parameters.size() == 1 && mask == 0 && parameters.get(0).objectArray()) {
      // A lone Object[] would be taken as submit's varargs array: pass it as one argument.
      arguments.set(1, CodeBlock.of("new Object[] {$N}", parameters.get(0).name()));
    }
    return method
        .addStatement("return $T.submit($L)", StubWriter.STUBS, CodeBlock.join(arguments, ", "))
        .build();
  }

  private static CodeBlock javadoc(StubModel model, TaskModel task, int mask) {
    List<CodeBlock> erasures = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < task.parameters().size(); i++) {
      erasures.add(CodeBlock.of("$T", task.parameters().get(i).erasure()));
      if (TaskModel.isRef(mask, i)) {
        refs.add("{@code " + task.parameters().get(i).name() + "}");
      }
    }
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("Runs {@link $T#$L($L)} as a remote task;\n", model.owner(), task.name(),
            CodeBlock.join(erasures, ", "))
        .add("returns a ref to its result at once.\n");
    if (refs.size() == 1) {
      doc.add("\n<p>The task starts once the ref given for $L is ready,\n", refs.get(0))
          .add("and receives its value.\n");
    } else if (!refs.isEmpty()) {
      doc.add("\n<p>The task starts once the refs given for $L are ready,\n",
              String.join(", ", refs))
          .add("and receives their values.\n");
    }
    return doc.build();
  }
}
