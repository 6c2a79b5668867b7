package io.jray.processor;

import java.util.List;

/**
 * What a handle adds for an actor class: its factories and its method stubs.
 *
 * @param displayName the user's class, e.g. {@code com.example.GoalsScored}
 * @param maxRestarts the class's {@code @Remote(maxRestarts)}
 * @param isolated the class's {@code @Remote(isolated)}: each actor gets a JVM of its own
 * @param resources what the class's {@code @Remote} has the actor hold while it lives, as
 *     {@code "CPU=1,special=1"}; "" for nothing
 * @param groups its concurrency groups as the runtime reads them, {@code "health=1,io=4"}; ""
 *     for none
 * @param publicHandle whether the handle is public: only if code anywhere can name the class
 * @param constructors one per public constructor, each with its {@code create} stubs
 * @param methods one per public instance method
 */
record ActorModel(
    String displayName,
    int maxRestarts,
    boolean isolated,
    String resources,
    String groups,
    boolean publicHandle,
    List<CallModel> constructors,
    List<CallModel> methods) {
  /** The name of the {@code ActorClass} constant. */
  static final String CLASS_CONSTANT = "ACTOR";

  ActorModel {
    constructors = List.copyOf(constructors);
    methods = List.copyOf(methods);
  }
}
