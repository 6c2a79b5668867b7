package io.jray.processor;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Every diagnostic the processor reports. Each starts with a short key in brackets, so users can
 * search for it and tests can assert it, and says how to fix the problem.
 */
final class Messages {
  static final String PRIVATE_METHOD = "[jray:PrivateMethod] A @Remote method cannot be private,"
      + " because the generated stub calls it directly. Make it package-private, protected or"
      + " public.";

  static final String INSTANCE_METHOD = "[jray:InstanceMethod] A @Remote method is a task, and a"
      + " task must be static. Make the method static, or annotate its class with @Remote to make"
      + " the class an actor.";

  static final String ABSTRACT_METHOD = "[jray:AbstractMethod] A @Remote method needs a body that"
      + " a worker can run, and an abstract method has none. Make it a static method with a body.";

  static final String INTERFACE_METHOD = "[jray:InterfaceMethod] A @Remote method cannot be"
      + " declared in an interface. Move it to a class, as a static method.";

  static final String INNER_CLASS = "[jray:InnerClass] A @Remote method cannot be declared in an"
      + " inner class, which needs an enclosing instance. Did you mean to make the class static?";

  static final String LOCAL_CLASS = "[jray:LocalClass] A @Remote method cannot be declared in a"
      + " local or anonymous class, which the generated stub cannot name. Move it to a top-level"
      + " or static nested class.";

  static final String PRIVATE_CLASS = "[jray:PrivateClass] A @Remote method cannot be declared in"
      + " a private class, which the generated stub cannot reach. Make the class package-private"
      + " or wider.";

  static final String GENERIC_METHOD = "[jray:GenericMethod] A @Remote method cannot have type"
      + " parameters. Declare concrete parameter and result types (an interface or Object works).";

  static final String REF_PARAMETER = "[jray:RefParameter] A @Remote method cannot take an"
      + " ObjectRef: the runtime resolves refs and passes their values. Declare the value's type;"
      + " callers can still pass a ref for it.";

  static final String NEGATIVE_RETRIES = "[jray:NegativeRetries] maxRetries cannot be below -1."
      + " Use 0 to disable retries, the number of times to run the task again, or -1 for no"
      + " limit.";

  static final String NEGATIVE_RESOURCE = "[jray:NegativeResource] A resource amount cannot be"
      + " negative. Use 0 for none, or leave numCpus out for the default (1 CPU per task, none"
      + " per actor).";

  static final String FRACTIONAL_GPUS = "[jray:FractionalGpus] numGpus above 1 must be a whole"
      + " number: work holds whole GPUs, or a fraction of one. Use e.g. 2, or 0.5.";

  static final String MALFORMED_RESOURCE = "[jray:MalformedResource] Each entry of resources is"
      + " written name=amount, such as \"special=1\": a name of letters, digits and _ . : / -"
      + " (starting with a letter or _), and an amount of 0 or more.";

  static final String RESERVED_RESOURCE = "[jray:ReservedResource] CPU, GPU and memory have"
      + " elements of their own: write numCpus = 2, numGpus = 1 or memoryBytes = ... instead of"
      + " naming them in resources.";

  static final String UNRESOLVED_TYPE = "[jray:UnresolvedType] No stub was generated for this,"
      + " because a type in its signature was never found. Check its imports, or the processor"
      + " that should generate that type.";

  static final String INTERFACE_ACTOR = "[jray:InterfaceActor] @Remote on a type makes it an"
      + " actor, and an interface cannot be instantiated. Put @Remote on a class that implements"
      + " it.";

  static final String ENUM_ACTOR = "[jray:EnumActor] An enum cannot be an actor: its constants"
      + " exist once per process, while an actor is a new instance in a process of its own. Use a"
      + " class, or put @Remote on the enum's static methods to make them tasks.";

  static final String RECORD_ACTOR = "[jray:RecordActor] A record cannot be an actor: its fields"
      + " are final, so no call could leave state for the next one. Use a class with private"
      + " fields, or put @Remote on the record's static methods to make them tasks.";

  static final String ABSTRACT_ACTOR = "[jray:AbstractActor] An abstract class cannot be an actor,"
      + " because the actor's process must create an instance. Put @Remote on a concrete"
      + " subclass.";

  static final String GENERIC_ACTOR = "[jray:GenericActor] A generic class cannot be an actor:"
      + " the handle could not carry its type arguments to the actor's process. Put @Remote on a"
      + " subclass with concrete types instead, e.g. class IntBox extends Box<Integer> {}; it"
      + " gets the public methods of Box too.";

  static final String INNER_ACTOR = "[jray:InnerClass] An actor class cannot be an inner class,"
      + " which needs an enclosing instance. Did you mean to make the class static?";

  static final String LOCAL_ACTOR = "[jray:LocalClass] An actor class cannot be a local class,"
      + " which the generated handle cannot name. Move it to a top-level or static nested class.";

  static final String PRIVATE_ACTOR = "[jray:PrivateClass] An actor class cannot be private, nor"
      + " nested in a private class, because the generated handle could not reach it. Make the"
      + " class package-private or wider.";

  static final String NO_PUBLIC_CONSTRUCTOR = "[jray:NoPublicConstructor] An actor needs a public"
      + " constructor: each one gets a create(...) factory on the handle, and there is none. Make"
      + " a constructor public.";

  static final String NEGATIVE_RESTARTS = "[jray:NegativeRestarts] maxRestarts cannot be below -1."
      + " Use 0 to keep a dead actor dead, a number of restarts, or -1 for no limit.";

  static final String RETRIES_ON_ACTOR = "[jray:RetriesOnActor] maxRetries applies to tasks, and"
      + " is ignored on an actor class. Use maxRestarts to restart the actor when its process"
      + " dies.";

  static final String RESTARTS_ON_TASK = "[jray:RestartsOnTask] maxRestarts applies to actor"
      + " classes, and is ignored on a task. Use maxRetries to run the task again when its worker"
      + " dies.";

  static final String ISOLATED_TASK = "[jray:IsolatedTask] isolated applies to actor classes: it"
      + " gives each actor of the class a JVM of its own, and a task has no process of its own to"
      + " keep. Remove isolated = true here, or put @Remote(isolated = true) on a class to make it"
      + " an isolated actor.";

  static final String GENERIC_ACTOR_METHOD = "[jray:GenericMethod] Every public method of an actor"
      + " is a remote call, and a remote call cannot have type parameters. Declare concrete"
      + " parameter and result types, or make the method non-public to keep it local.";

  static final String GENERIC_CONSTRUCTOR = "[jray:GenericConstructor] A public constructor of an"
      + " actor gets a create(...) factory, which cannot have type parameters. Declare concrete"
      + " parameter types, or make the constructor non-public.";

  static final String NON_PUBLIC_ACTOR_METHOD = "[jray:NonPublicActorMethod] Only the public"
      + " methods of an actor can be called remotely, and @Remote does not change that. Make the"
      + " method public, or remove @Remote.";

  static final String RESERVED_NAME = "[jray:NameClash] This method's stub would clash with a"
      + " member that every actor handle has (create, options, getActor, actorRef, actorId)."
      + " Rename the method.";

  static final String TOO_MANY_PARAMETERS = "[jray:TooManyParametersToMix] Mixing values and"
      + " ObjectRefs is supported up to 6 parameters; this method has more, so its stubs take"
      + " either all values or all refs. Group the parameters into a record to mix them.";

  static final String REF_OVERLOAD_CLASH = "[jray:RefOverloadClash] Some stubs that take"
      + " ObjectRefs were left out, because they would have the same erasure as stubs of an"
      + " overload.";

  static final String STUB_NAME_TAKEN = "[jray:StubNameTaken] The stub class for this class would"
      + " have the same name as the stub of another class (Outer.Inner and Outer_Inner both give"
      + " Outer_InnerRemote). Rename one of the two classes.";

  static final String INACCESSIBLE_TYPE = "[jray:InaccessibleType] The generated class, in the"
      + " same package as this class, cannot name a type in this signature:";

  static final String NOT_SENDABLE = "[jray:NotSendable] A value of type";

  static final String LAMBDA_TYPE = "[jray:LambdaType] This type is a functional interface that"
      + " is not Serializable, and a lambda crosses processes only if it is Serializable. Pass a"
      + " lambda cast to (Type & Serializable), or declare a functional interface that extends"
      + " Serializable.";

  static final String GROUP_ON_NON_ACTOR = "[jray:GroupOutsideActor] @ConcurrencyGroup declares"
      + " a thread pool inside an actor, and this class is not one. Annotate the class with"
      + " @Remote to make it an actor, or remove @ConcurrencyGroup.";

  static final String GROUP_NAME = "[jray:GroupName] A concurrency group's name is letters,"
      + " digits, _ and -, and not \"default\" (the group of every method without @InGroup)."
      + " Rename the group.";

  static final String DUPLICATE_GROUP = "[jray:DuplicateGroup] Another @ConcurrencyGroup of this"
      + " class has the same name. Give each group a name of its own.";

  static final String GROUP_CONCURRENCY = "[jray:GroupConcurrency] A concurrency group runs at"
      + " least one call at a time. Set maxConcurrency to 1 or more.";

  static final String IN_GROUP_OUTSIDE_ACTOR = "[jray:InGroupOutsideActor] @InGroup puts an actor's"
      + " method in one of its concurrency groups, and this class is not an actor. Annotate the"
      + " class with @Remote and declare the group with @ConcurrencyGroup, or remove @InGroup.";

  static final String IN_GROUP_NOT_CALLABLE = "[jray:InGroupNotCallable] Only the public instance"
      + " methods of an actor are called remotely, so only they run in a concurrency group. Make"
      + " the method public (and not static), or remove @InGroup.";

  static final String UNKNOWN_GROUP = "[jray:UnknownGroup] This class declares no concurrency"
      + " group of that name.";

  static final String OPTION_ON_ACTOR_METHOD = "[jray:OptionOnActorMethod] @Remote on an actor's"
      + " method takes no options: its calls run in the actor's process, on what the actor holds."
      + " Set resources and maxRestarts on the class's @Remote or with options() when you create"
      + " it, and put calls that must not wait behind others in a @ConcurrencyGroup.";

  static final String RAW_FUTURE = "[jray:RawFuture] A method that returns a future gives a ref"
      + " to the future's value, and a raw future says nothing about that value's type. Declare"
      + " its type argument, e.g. CompletableFuture<String>.";

  static final String RAW_GENERATOR = "[jray:RawGenerator] A method that returns an Iterator or a"
      + " Stream is a streaming generator, whose stub hands out a ref per value, and a raw one"
      + " says nothing about the values' type. Declare its type argument, e.g. Iterator<String>.";

  static final String PRIMITIVE_STREAM = "[jray:PrimitiveStream] A stream of primitives is not"
      + " a streaming generator, nor a value that can cross processes. Return a Stream of boxed"
      + " values (intStream.boxed(), a Stream<Integer>) to stream them, or an array for one"
      + " value.";

  static final String INTERNAL_ERROR = "[jray:InternalError] The jray processor failed. This is a"
      + " bug in jray, not in your code: please report it with the stack trace below.";

  private Messages() {}

  /** The details of a {@link #REF_OVERLOAD_CLASH}: which parameters, which overload, the fix. */
  static String refOverloadClash(String parameters, int count, String overload) {
    String what = count == 1
        ? "Parameter " + parameters + " cannot take an ObjectRef"
        : "Parameters " + parameters + " cannot take ObjectRefs at the same time";
    return REF_OVERLOAD_CLASH + " " + what + " while the overload " + overload
        + " exists. Pass values there, or rename one of the two methods.";
  }

  static String malformedResource(String entry) {
    return MALFORMED_RESOURCE + " Found: \"" + entry + "\".";
  }

  static String inaccessibleType(String type) {
    return INACCESSIBLE_TYPE + " " + type + ". Make that type public (or package-private in this"
        + " package), or keep it out of the signature.";
  }

  /** {@code type}: the type named, and the denied type it is if that is another. */
  static String notSendable(String type, String why) {
    return NOT_SENDABLE + " " + type + " can never be sent to another process: " + why + ".";
  }

  /** {@link #UNKNOWN_GROUP} with the groups the class has, and the fix. */
  static String unknownGroup(String group, java.util.Collection<String> declared) {
    return UNKNOWN_GROUP + " \"" + group + "\" is not among "
        + (declared.isEmpty() ? "them (it has none)" : declared) + ". Declare it on the class:"
        + " @ConcurrencyGroup(name = \"" + group + "\", maxConcurrency = 1).";
  }

  static String stubClassExists(String stub) {
    return "[jray:StubNameTaken] The generated class " + stub + " cannot be written, because a"
        + " class of that name already exists. Rename that class, or this one.";
  }

  static String internalError(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return INTERNAL_ERROR + "\n" + trace;
  }
}
