package io.jray.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the stubs of one call: one method per mix of values and refs that the model keeps, each
 * handing the call's constant and its arguments, as given, to the runtime. A task's stubs are
 * static; an actor method's are instance methods of the handle; a constructor's are the {@code
 * create} factories, static on the handle and again on its {@code Options}.
 */
final class StubMethodWriter {
  static final ClassName ACTOR_OPTIONS = ClassName.get("io.jray", "ActorOptions");
  static final ClassName OBJECT_REF_GENERATOR = ClassName.get("io.jray", "ObjectRefGenerator");

  private static final String GENERATOR_RETURNS =
      "returns at once a generator that hands out a ref to each value as it is produced.\n";

  /** Where the stubs go, which decides their modifiers and what they return. */
  enum Target { TASK, ACTOR_METHOD, FACTORY, OPTIONS_FACTORY }

  private StubMethodWriter() {}

  static List<MethodSpec> stubs(StubModel model, CallModel call, Target target) {
    List<MethodSpec> stubs = new ArrayList<>();
    for (int mask : call.refMasks()) {
      stubs.add(stub(model, call, mask, target));
    }
    return stubs;
  }

  private static MethodSpec stub(StubModel model, CallModel call, int mask, Target target) {
    List<ParameterModel> parameters = call.parameters();
    int last = parameters.size() - 1;
    boolean varargs = call.varargs() && !CallModel.isRef(mask, last);
    boolean safeVarargs = varargs && !parameters.get(last).reifiable();
    MethodSpec.Builder method = MethodSpec.methodBuilder(call.name())
        .addModifiers(Modifier.PUBLIC)
        .returns(target == Target.FACTORY || target == Target.OPTIONS_FACTORY
            ? model.stub()
            : ParameterizedTypeName.get(call.generator()
                ? OBJECT_REF_GENERATOR : ModelFactory.OBJECT_REF, call.result()))
        .addJavadoc(javadoc(model, call, mask, target))
        .varargs(varargs);
    if (target == Target.TASK || target == Target.FACTORY) {
      method.addModifiers(Modifier.STATIC);
    } else if (safeVarargs) {
      method.addModifiers(Modifier.FINAL); // @SafeVarargs needs a method that cannot be overridden
    }
    if (safeVarargs) {
      method.addAnnotation(SafeVarargs.class);
    }
    if (call.rawTypes()) {
      method.addAnnotation(StubWriter.suppressWarnings(List.of("rawtypes")));
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      ParameterModel parameter = parameters.get(i);
      TypeName type = CallModel.isRef(mask, i) ? parameter.refType() : parameter.type();
      method.addParameter(ParameterSpec.builder(type, parameter.name()).build());
      names.add(parameter.name());
    }
    List<CodeBlock> arguments = new ArrayList<>();
    arguments.add(names.contains(call.constant())
        ? CodeBlock.of("$T.$N", model.stub(), call.constant())
        : CodeBlock.of("$N", call.constant()));
    for (String name : names) {
      arguments.add(CodeBlock.of("$N", name));
    }
    if (parameters.size() == 1 && mask == 0 && parameters.get(0).objectArray()) {
      // A lone Object[] would be taken as the runtime's varargs array: pass it as one argument.
      arguments.set(1, CodeBlock.of("new Object[] {$N}", parameters.get(0).name()));
    }
    return method.addCode(body(model, call, target, names, arguments)).build();
  }

  private static CodeBlock body(StubModel model, CallModel call, Target target,
      List<String> names, List<CodeBlock> arguments) {
    return switch (target) {
      case TASK -> CodeBlock.of("return $T.$N($L);\n", StubWriter.STUBS,
          call.generator() ? "submitGenerator" : "submit", CodeBlock.join(arguments, ", "));
      case ACTOR_METHOD -> {
        arguments.add(0, CodeBlock.of(names.contains("ref") ? "this.ref" : "ref"));
        yield CodeBlock.of("return $T.$N($L);\n", StubWriter.STUBS,
            call.generator() ? "callActorGenerator" : "callActor",
            CodeBlock.join(arguments, ", "));
      }
      case FACTORY -> {
        arguments.add(1, CodeBlock.of("$T.defaults()", ACTOR_OPTIONS));
        yield CodeBlock.of("return new $T($T.createActor($L));\n",
            model.stub(), StubWriter.STUBS, CodeBlock.join(arguments, ", "));
      }
      case OPTIONS_FACTORY -> {
        arguments.add(1, CodeBlock.of(names.contains("options")
            ? "this.options.build()" : "options.build()"));
        yield CodeBlock.of("return new $T($T.createActor($L));\n",
            model.stub(), StubWriter.STUBS, CodeBlock.join(arguments, ", "));
      }
    };
  }

  private static CodeBlock javadoc(StubModel model, CallModel call, int mask, Target target) {
    List<CodeBlock> erasures = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < call.parameters().size(); i++) {
      erasures.add(CodeBlock.of("$T", call.parameters().get(i).erasure()));
      if (CallModel.isRef(mask, i)) {
        refs.add("{@code " + call.parameters().get(i).name() + "}");
      }
    }
    CodeBlock link = CodeBlock.of("{@link $T#$L($L)}", model.owner(), call.linkName(model.owner()),
        CodeBlock.join(erasures, ", "));
    CodeBlock.Builder doc = CodeBlock.builder();
    String who;
    switch (target) {
      case TASK -> {
        doc.add("Runs $L as a remote task;\n", link)
            .add(call.generator() ? GENERATOR_RETURNS : "returns a ref to its result at once.\n");
        who = "The task starts";
      }
      case ACTOR_METHOD -> {
        doc.add("Calls $L on this actor;\n", link)
            .add(call.generator() ? GENERATOR_RETURNS : "returns a ref to its result at once.\n");
        who = "The call runs";
      }
      default -> {
        doc.add("Starts a new {@link $T} actor in a process of its own, with\n", model.owner())
            .add("$L$L; returns its handle at once.\n", link,
                target == Target.OPTIONS_FACTORY ? " and these options" : "");
        who = "The constructor runs";
      }
    }
    if (refs.size() == 1) {
      doc.add("\n<p>$L once the ref given for $L is ready,\n", who, refs.get(0))
          .add("and receives its value.\n");
    } else if (!refs.isEmpty()) {
      doc.add("\n<p>$L once the refs given for $L are ready,\n", who, String.join(", ", refs))
          .add("and receives their values.\n");
    }
    return doc.build();
  }
}
