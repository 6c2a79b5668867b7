package io.jray.internal.worker;

/**
 * Thrown by {@code Ray.exitActor()} in an actor that shares its JVM: it unwinds the calling
 * thread out of the actor's code, and the call it was running is neither stored nor answered
 * (the driver, told first, fails it). An {@link Error}, so that user code catching exceptions
 * lets it through.
 */
final class ActorExit extends Error {
  private static final long serialVersionUID = 1L;

  ActorExit() {
    super("the actor ended itself with Ray.exitActor()", null, false, false);
  }
}
