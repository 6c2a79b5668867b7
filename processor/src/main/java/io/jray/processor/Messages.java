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

  static final String NEGATIVE_RETRIES = "[jray:NegativeRetries] maxRetries cannot be negative."
      + " Use 0 to disable retries, or the number of times to run the task again.";

  static final String UNRESOLVED_TYPE = "[jray:UnresolvedType] No stub was generated for this"
      + " @Remote method, because a type in its signature was never found. Check its imports, or"
      + " the processor that should generate that type.";

  static final String TOO_MANY_PARAMETERS = "[jray:TooManyParametersToMix] Mixing values and"
      + " ObjectRefs is supported up to 6 parameters; this method has more, so its stubs take"
      + " either all values or all refs. Group the parameters into a record to mix them.";

  static final String REF_OVERLOAD_CLASH = "[jray:RefOverloadClash] Some stubs that take"
      + " ObjectRefs were left out, because they would have the same erasure as stubs of an"
      + " overload.";

  static final String STUB_NAME_TAKEN = "[jray:StubNameTaken] The stub class for this class would"
      + " have the same name as the stub of another class (Outer.Inner and Outer_Inner both give"
      + " Outer_InnerRemote). Rename one of the two classes.";

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

  static String internalError(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return INTERNAL_ERROR + "\n" + trace;
  }
}
