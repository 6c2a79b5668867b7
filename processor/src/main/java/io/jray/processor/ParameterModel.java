package io.jray.processor;

import com.palantir.javapoet.TypeName;

/**
 * One parameter of a task.
 *
 * @param name the user's parameter name
 * @param type its type as declared, e.g. {@code List<Integer>}
 * @param refType the type a stub takes instead to accept a ref, e.g. {@code ObjectRef<? extends
 *     List<Integer>>} or {@code ObjectRef<Integer>} for {@code int}
 * @param erasure the erased type, for Javadoc links
 * @param erasedName the erased type as the signature id spells it, e.g. {@code java.util.List}
 * @param reifiable whether a cast from {@code Object} to {@code type} is checked
 * @param objectArray whether the value is an array of objects, which a lone varargs argument
 *     would spread
 */
record ParameterModel(
    String name,
    TypeName type,
    TypeName refType,
    TypeName erasure,
    String erasedName,
    boolean reifiable,
    boolean objectArray) {}
