package io.jray.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * One call that a generated class offers: a task (a @Remote static method), an actor's
 * constructor, or one of an actor's public methods. It becomes one constant (a {@code
 * TaskFunction}, {@code ActorConstructor} or {@code ActorMethod}) and the stubs that use it.
 *
 * @param kind which of the three it is
 * @param name the stubs' name: the user's method name, or {@code create} for a constructor
 * @param constant the name of the constant, e.g. {@code SUM_SQUARES}
 * @param signature name and erased parameter types, e.g. {@code sumSquares(int,int)}; {@code
 *     <init>(int)} for a constructor
 * @param displayName e.g. {@code com.example.Squares.sumSquares}
 * @param maxRetries a task's {@code @Remote(maxRetries)}; 0 for actor calls
 * @param resources a task's {@code @Remote} resources as the runtime reads them ({@code
 *     "CPU=2,special=1"}); "" if it sets none, and for actor calls
 * @param result the boxed result type; {@code Void} for {@code void}, the actor for a constructor
 * @param refMasks one per stub: bit {@code i} set means parameter {@code i} is taken as a ref
 * @param invokerWarnings warnings the invoker lambda must suppress (its unchecked casts)
 * @param rawTypes whether the user's signature uses raw types, which the stubs repeat
 * @param async whether the method returns a future, whose value settles the ref when it completes
 * @param generator whether the method returns an Iterator or a Stream, whose values are stored
 *     one by one: {@code result} is then the values' type, and the stubs return a generator
 * @param group an actor method's concurrency group; "" for the default group and for the others
 */
record CallModel(
    Kind kind,
    String name,
    String constant,
    String signature,
    String displayName,
    int maxRetries,
    String resources,
    TypeName result,
    boolean returnsVoid,
    List<ParameterModel> parameters,
    boolean varargs,
    List<Integer> refMasks,
    List<String> invokerWarnings,
    boolean rawTypes,
    boolean async,
    boolean generator,
    String group) {

  enum Kind { TASK, CONSTRUCTOR, METHOD }

  CallModel {
    parameters = List.copyOf(parameters);
    refMasks = List.copyOf(refMasks);
    invokerWarnings = List.copyOf(invokerWarnings);
  }

  CallModel withRefMasks(List<Integer> masks) {
    return new CallModel(kind, name, constant, signature, displayName, maxRetries, resources,
        result, returnsVoid, parameters, varargs, masks, invokerWarnings, rawTypes, async, generator, group);
  }

  /** The user's element in a Javadoc link: {@code sumSquares}, or {@code Squares} (constructor). */
  String linkName(ClassName owner) {
    return kind == Kind.CONSTRUCTOR ? owner.simpleName() : name;
  }

  static boolean isRef(int mask, int parameter) {
    return (mask & (1 << parameter)) != 0;
  }
}
