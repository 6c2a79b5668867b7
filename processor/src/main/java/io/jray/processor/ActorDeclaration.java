package io.jray.processor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ExecutableType;

/**
 * A class-level {@code @Remote} class as validated: what its handle offers. Holds elements, so it
 * lives only within the round that made it.
 *
 * @param maxRestarts the class's {@code @Remote(maxRestarts)}
 * @param isolated the class's {@code @Remote(isolated)}
 * @param groups its concurrency groups and their sizes, in the order declared
 * @param constructors the public constructors, in source order
 * @param methods the public instance methods, declared and inherited, each once
 */
record ActorDeclaration(
    TypeElement type,
    int maxRestarts,
    boolean isolated,
    Map<String, Integer> groups,
    List<Member> constructors,
    List<Member> methods) {

  ActorDeclaration {
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    constructors = List.copyOf(constructors);
    methods = List.copyOf(methods);
  }

  /**
   * A constructor or method, and its type as a member of the actor class: {@code Box<T>.put(T)}
   * inherited by {@code IntBox extends Box<Integer>} is {@code put(Integer)}.
   */
  record Member(ExecutableElement element, ExecutableType type) {}
}
