package io.jray.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.jray.processor.StubMethodWriter.Target;
import javax.lang.model.element.Modifier;

/**
 * Writes the handle part of an actor's generated class: the constants that the runtime finds the
 * actor's constructors and methods by, the {@code create} factories, {@code options()} and {@code
 * getActor}, one stub per method, and equality by the actor it stands for.
 */
final class ActorWriter {
  private static final String PACKAGE = "io.jray.internal.stub";
  private static final ClassName ACTOR_STUB = ClassName.get(PACKAGE, "ActorStub");
  private static final ClassName ACTOR_REF = ClassName.get(PACKAGE, "ActorRef");
  private static final ClassName ACTOR_CLASS = ClassName.get(PACKAGE, "ActorClass");
  private static final ClassName ACTOR_CONSTRUCTOR = ClassName.get(PACKAGE, "ActorConstructor");
  private static final ClassName ACTOR_METHOD = ClassName.get(PACKAGE, "ActorMethod");
  private static final ClassName ACTOR_LIFETIME = ClassName.get("io.jray", "ActorLifetime");
  private static final ClassName RAY_EXCEPTION = ClassName.get("io.jray", "RayException");
  private static final ClassName OPTIONS_BUILDER =
      StubMethodWriter.ACTOR_OPTIONS.nestedClass("Builder");

  private ActorWriter() {}

  static void addHandle(StubModel model, TypeSpec.Builder type) {
    ActorModel actor = model.actor();
    if (actor.publicHandle()) {
      type.addModifiers(Modifier.PUBLIC);
    }
    type.addSuperinterface(ACTOR_STUB)
        .addJavadoc(classJavadoc(model));
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(ACTOR_CLASS, model.owner()),
            ActorModel.CLASS_CONSTANT, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(actorClass(model))
        .build());
    for (CallModel constructor : actor.constructors()) {
      type.addField(constant(model, constructor,
          ParameterizedTypeName.get(ACTOR_CONSTRUCTOR, model.owner()), "args"));
    }
    for (CallModel method : actor.methods()) {
      type.addField(constant(model, method,
          ParameterizedTypeName.get(ACTOR_METHOD, model.owner(), method.result()),
          "(actor, args)"));
    }
    type.addField(ACTOR_REF, "ref", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(ACTOR_REF, "ref")
            .addStatement("this.ref = ref")
            .build());
    for (CallModel constructor : actor.constructors()) {
      type.addMethods(StubMethodWriter.stubs(model, constructor, Target.FACTORY));
    }
    type.addMethod(MethodSpec.methodBuilder("options")
        .addJavadoc("Options for the next actor to create, as Ray's {@code .options()}:\n"
            + "{@code $T.options().name($S).create(...)}.\n", model.stub(), "name")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(options(model))
        .addStatement("return new $T()", options(model))
        .build());
    type.addMethod(MethodSpec.methodBuilder("getActor")
        .addJavadoc("The live actor that was created with this name, from anywhere in the\n"
            + "session; throws {@link $T} if there is none.\n", RAY_EXCEPTION)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameter(String.class, "name")
        .returns(model.stub())
        .addStatement("return new $T($T.getActor($N, name))", model.stub(), StubWriter.STUBS,
            ActorModel.CLASS_CONSTANT)
        .build());
    for (CallModel method : actor.methods()) {
      type.addMethods(StubMethodWriter.stubs(model, method, Target.ACTOR_METHOD));
    }
    addObjectMethods(model, type);
    type.addType(optionsClass(model));
  }

  /**
   * The {@code ActorClass.of} call, in its shortest overload that carries every value the class
   * sets, so that the code generated for a class stays the same when an overload is added.
   */
  private static CodeBlock actorClass(StubModel model) {
    ActorModel actor = model.actor();
    if (actor.isolated()) {
      return CodeBlock.of("$T.of($>$>\n$T.class, $S, $L,\n$S, $S, /* isolated= */ true)$<$<",
          ACTOR_CLASS, model.stub(), actor.displayName(), actor.maxRestarts(), actor.resources(),
          actor.groups());
    }
    if (!actor.groups().isEmpty()) {
      return CodeBlock.of("$T.of($>$>\n$T.class, $S, $L, $S,\n$S)$<$<", ACTOR_CLASS,
          model.stub(), actor.displayName(), actor.maxRestarts(), actor.resources(),
          actor.groups());
    }
    if (!actor.resources().isEmpty()) {
      return CodeBlock.of("$T.of($>$>\n$T.class, $S, $L, $S)$<$<", ACTOR_CLASS, model.stub(),
          actor.displayName(), actor.maxRestarts(), actor.resources());
    }
    return CodeBlock.of("$T.of($>$>\n$T.class, $S, $L)$<$<", ACTOR_CLASS, model.stub(),
        actor.displayName(), actor.maxRestarts());
  }

  private static CodeBlock classJavadoc(StubModel model) {
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("A handle to a remote {@link $T} actor: {@code create} starts one in a process\n",
            model.owner())
        .add("of its own, and each method calls the actor's method of the same name and returns\n")
        .add("an {@link $T} to its result at once. By default the actor runs its calls\n",
            ModelFactory.OBJECT_REF)
        .add("one at a time, on one thread, in the order they were made; with\n")
        .add("{@code options().maxConcurrency(n)}, or in its concurrency groups, several at once.\n")
        .add("\n<p>Handles are small and serializable: pass them to tasks and to other actors.\n");
    if (!model.tasks().isEmpty()) {
      doc.add("The static methods run the class's {@code @Remote} static methods as tasks.\n");
    }
    return doc.build();
  }

  private static FieldSpec constant(
      StubModel model, CallModel call, TypeName type, String lambdaParameters) {
    FieldSpec.Builder field = FieldSpec.builder(
        type, call.constant(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL);
    if (!call.invokerWarnings().isEmpty()) {
      field.addAnnotation(StubWriter.suppressWarnings(call.invokerWarnings()));
    }
    CodeBlock target = call.kind() == CallModel.Kind.CONSTRUCTOR
        ? CodeBlock.of("$T", model.owner()) : CodeBlock.of("actor");
    TypeName raw = type instanceof ParameterizedTypeName parameterized
        ? parameterized.rawType() : type;
    if (call.async() || call.generator() || !call.group().isEmpty()) {
      // A future's value settles the ref; a generator's values are stored one by one; a group
      // names the threads the call runs on.
      return field.initializer("$T.$N($>$>\n$N, $S, $S,\n$L -> $L)$<$<", raw,
              call.async() ? "ofAsync" : call.generator() ? "ofGenerator" : "of", ActorModel.CLASS_CONSTANT, call.signature(),
              call.group(), lambdaParameters, StubWriter.invoker(target, call))
          .build();
    }
    return field.initializer("$T.of($>$>\n$N, $S,\n$L -> $L)$<$<", raw,
            ActorModel.CLASS_CONSTANT, call.signature(), lambdaParameters,
            StubWriter.invoker(target, call))
        .build();
  }

  private static void addObjectMethods(StubModel model, TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("actorRef")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ACTOR_REF)
            .addStatement("return ref")
            .build())
        .addMethod(MethodSpec.methodBuilder("equals")
            .addJavadoc("Whether {@code other} is a handle to the same actor.\n")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Object.class, "other")
            .returns(boolean.class)
            .addStatement("return other instanceof $T && (($T) other).ref.equals(ref)",
                model.stub(), model.stub())
            .build())
        .addMethod(MethodSpec.methodBuilder("hashCode")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(int.class)
            .addStatement("return ref.hashCode()")
            .build())
        .addMethod(MethodSpec.methodBuilder("toString")
            .addJavadoc("As Ray prints a handle: {@code Actor($L, <hex id>)}.\n",
                model.owner().simpleName())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return ref.toString()")
            .build());
  }

  private static ClassName options(StubModel model) {
    return model.stub().nestedClass("Options");
  }

  /** An option of one value that goes to {@code ActorOptions.Builder}'s method of its name. */
  private static MethodSpec option(StubModel model, String name, Class<?> type, String doc) {
    return MethodSpec.methodBuilder(name)
        .addJavadoc(doc)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(type, name)
        .returns(options(model))
        .addStatement("options.$N($N)", name, name)
        .addStatement("return this")
        .build();
  }

  private static TypeSpec optionsClass(StubModel model) {
    TypeSpec.Builder options = TypeSpec.classBuilder(options(model))
        .addJavadoc("Options for creating a {@link $T} actor.\n", model.owner())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addField(FieldSpec.builder(OPTIONS_BUILDER, "options", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("$T.builder()", StubMethodWriter.ACTOR_OPTIONS)
            .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("name")
            .addJavadoc("Names the actor, so that {@link $T#getActor} finds it from anywhere in\n"
                + "the session; one live actor per name.\n", model.stub())
            .addModifiers(Modifier.PUBLIC)
            .addParameter(String.class, "name")
            .returns(options(model))
            .addStatement("options.name(name)")
            .addStatement("return this")
            .build())
        .addMethod(MethodSpec.methodBuilder("maxRestarts")
            .addJavadoc("Restarts the actor up to this many times when its process dies; -1 for\n"
                + "no limit. Replaces the class's {@code @Remote(maxRestarts)}.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(int.class, "maxRestarts")
            .returns(options(model))
            .addStatement("options.maxRestarts(maxRestarts)")
            .addStatement("return this")
            .build())
        .addMethod(option(model, "numCpus", double.class,
            "CPUs the actor holds while it lives (default 0, as in Ray). Replaces the class's\n"
            + "{@code @Remote(numCpus)}.\n"))
        .addMethod(option(model, "numGpus", double.class,
            "GPUs the actor holds while it lives; its process gets their ids in\n"
            + "{@code CUDA_VISIBLE_DEVICES}.\n"))
        .addMethod(option(model, "memoryBytes", long.class,
            "Bytes of memory the actor holds while it lives.\n"))
        .addMethod(MethodSpec.methodBuilder("resource")
            .addJavadoc("A custom resource the actor holds while it lives, as Ray's\n"
                + "{@code resources={\"special\": 1}}.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(String.class, "name")
            .addParameter(double.class, "amount")
            .returns(options(model))
            .addStatement("options.resource(name, amount)")
            .addStatement("return this")
            .build())
        .addMethod(MethodSpec.methodBuilder("maxTaskRetries")
            .addJavadoc("When the actor restarts, sends the calls its dead process was running\n"
                + "again, each up to this many times (-1: no limit); by default they fail.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(int.class, "maxTaskRetries")
            .returns(options(model))
            .addStatement("options.maxTaskRetries(maxTaskRetries)")
            .addStatement("return this")
            .build())
        .addMethod(MethodSpec.methodBuilder("nodeAffinity")
            .addJavadoc("Places the actor on the node with this id only, as Ray's node affinity.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(String.class, "nodeId")
            .returns(options(model))
            .addStatement("options.nodeAffinity(nodeId)")
            .addStatement("return this")
            .build())
        .addMethod(option(model, "maxConcurrency", int.class,
            "Runs up to this many calls of the default group at once, each on a thread of its\n"
            + "own (Ray's {@code max_concurrency}); 1, the default, runs them one at a time, in\n"
            + "order, on one thread.\n"))
        .addMethod(option(model, "isolated", boolean.class,
            "Whether the actor runs alone in a JVM of its own ({@code true}) or may share a host\n"
            + "JVM with other actors ({@code false}). Replaces the class's\n"
            + "{@code @Remote(isolated)}; an actor that holds GPUs gets a JVM of its own anyway.\n"))
        .addMethod(option(model, "getIfExists", boolean.class,
            "With a name: if a live actor has that name, {@code create} returns a handle to it\n"
            + "(its class must be this one) rather than failing.\n"))
        .addMethod(MethodSpec.methodBuilder("lifetime")
            .addJavadoc("Whether the actor lives on its own ({@code DETACHED}) or ends with the\n"
                + "task or actor that created it ({@code NON_DETACHED}, the default).\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(ACTOR_LIFETIME, "lifetime")
            .returns(options(model))
            .addStatement("options.lifetime(lifetime)")
            .addStatement("return this")
            .build());
    for (CallModel constructor : model.actor().constructors()) {
      options.addMethods(StubMethodWriter.stubs(model, constructor, Target.OPTIONS_FACTORY));
    }
    return options.build();
  }
}
