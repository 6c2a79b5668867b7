package io.jray.state;

import java.time.Instant;

/**
 * An actor, as Ray's {@code ray list actors} shows it.
 *
 * @param actorId the actor's id, in hex
 * @param className the actor's class, e.g. {@code com.example.GoalsScored}
 * @param name the name it was given, or null
 * @param state the actor's state as the runtime reports it, e.g. {@code ALIVE} or {@code DEAD}
 * @param pid the process it lives in, 0 while it is (re)starting or after it died
 * @param calls method calls submitted to it so far
 * @param createdAt when it was created
 * @param concurrency how many of its calls may run at once: its {@code maxConcurrency} and the
 *     sizes of its concurrency groups
 * @param running calls running now (sent to its process and not finished, up to its
 *     concurrency; a call whose future is pending counts while it is)
 * @param waiting calls submitted that do not run yet
 * @param isolated whether it runs alone in a JVM of its own (its {@code isolated} option, its
 *     GPUs, or a {@code System.exit} of its own in a host it shared); if not, it shares a host
 *     JVM with the other actors of the same {@code pid}, and dies with that JVM
 */
public record ActorInfo(
    String actorId,
    String className,
    String name,
    String state,
    long pid,
    long calls,
    Instant createdAt,
    int concurrency,
    int running,
    int waiting,
    boolean isolated) {

  /**
   * The class without its package, as Ray names an actor: {@code GoalsScored}, or {@code
   * Outer.Inner} for a nested class.
   *
   * @return the class's simple name
   */
  public String simpleClassName() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple.contains("$") ? simple.replace('$', '.') : simple;
  }
}
