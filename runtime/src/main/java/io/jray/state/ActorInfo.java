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
 */
public record ActorInfo(
    String actorId,
    String className,
    String name,
    String state,
    long pid,
    long calls,
    Instant createdAt) {}
