package io.jray.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * One @Remote static method: its {@code TaskFunction} constant and the stubs that submit it.
 *
 * @param name the user's method name, also the stubs' name
 * @param constant the name of the {@code TaskFunction} constant, e.g. {@code SUM_SQUARES}
 * @param signature name and erased parameter types, e.g. {@code sumSquares(int,int)}
 * @param displayName e.g. {@code com.example.Squares.sumSquares}
 * @param result the boxed result type; {@code Void} for {@code void}
 * @param refMasks one per stub: bit {@code i} set means parameter {@code i} is taken as a ref
 * @param invokerWarnings warnings the invoker lambda must suppress (its unchecked casts)
 * @param rawTypes whether the user's signature uses raw types, which the stubs repeat
 */
record TaskModel(
    String name,
    String constant,
    String signature,
    String displayName,
    int maxRetries,
    TypeName result,
    boolean returnsVoid,
    List<ParameterModel> parameters,
    boolean varargs,
    List<Integer> refMasks,
    List<String> invokerWarnings,
    boolean rawTypes) {

  TaskModel {
    parameters = List.copyOf(parameters);
    refMasks = List.copyOf(refMasks);
    invokerWarnings = List.copyOf(invokerWarnings);
  }

  TaskModel withRefMasks(List<Integer> masks) {
    return new TaskModel(name, constant, signature, displayName, maxRetries, result, returnsVoid,
        parameters, varargs, masks, invokerWarnings, rawTypes);
  }

  static boolean isRef(int mask, int parameter) {
    return (mask & (1 << parameter)) != 0;
  }
}
