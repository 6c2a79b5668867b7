package io.jray.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * What to generate for one user class: the stub class, its tasks in source order, and for an
 * actor class what its handle adds. Immutable, and free of {@code Element}s, so the writer depends
 * on nothing but this.
 *
 * @param stub the generated class, e.g. {@code com.example.SquaresRemote}
 * @param owner the user's class, e.g. {@code com.example.Squares}
 * @param actor the actor part, or null if the class is not {@code @Remote} itself
 * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} exists on the
 *     user's platform (it does from Java 9)
 */
record StubModel(ClassName stub, ClassName owner, List<CallModel> tasks, ActorModel actor,
    boolean generatedAnnotation) {

  StubModel {
    tasks = List.copyOf(tasks);
  }

  boolean isActor() {
    return actor != null;
  }

  /**
   * {@code Squares} gives {@code SquaresRemote}; nested {@code Outer.Inner} gives the top-level
   * {@code Outer_InnerRemote} in the same package.
   */
  static ClassName stubNameOf(ClassName owner) {
    return ClassName.get(owner.packageName(), String.join("_", owner.simpleNames()) + "Remote");
  }
}
