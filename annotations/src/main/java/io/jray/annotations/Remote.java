package io.jray.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a remote <em>task</em>, or a class as a remote <em>actor</em>.
 *
 * <p>The jray annotation processor generates {@code <Name>Remote} beside the annotated class: one
 * stub per task that returns an {@code ObjectRef} at once and runs the method in a worker process,
 * and, for an actor class, a handle type with one factory per public constructor.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Remote {

  /** Value of {@link #maxRetries()} when the user does not set it, as in Ray. */
  int DEFAULT_MAX_RETRIES = 3;

  /** Value of {@link #numCpus()} that means "the default": 1 for a task, 0 for an actor. */
  double DEFAULT_CPUS = -1;

  /**
   * What a resource's name looks like (a regular expression): letters, digits and {@code _ . : /
   * -}, starting with a letter or {@code _}.
   */
  String RESOURCE_NAME = "[A-Za-z_][A-Za-z0-9_.:/-]*";

  /**
   * For a task: how many times to run it again when its worker process dies before it finishes,
   * or when it throws an exception that the call retries on ({@code TaskOptions}'
   * {@code retryExceptions}; by default exceptions are not retried). Both kinds share this one
   * budget: a task runs at most {@code maxRetries + 1} times. {@code 0} disables retries;
   * {@code -1} retries without limit.
   *
   * @return how many times a task runs again, after its worker died or it threw
   */
  int maxRetries() default DEFAULT_MAX_RETRIES;

  /**
   * For an actor: how many times to re-create it (by running its constructor again) when its
   * process dies on its own. {@code 0}, the default, means a dead actor stays dead.
   *
   * @return how many times an actor is re-created
   */
  int maxRestarts() default 0;

  /**
   * CPUs that each call of this task, or this actor for as long as it lives, holds: a task
   * starts only when they are free. Fractions such as {@code 0.5} are allowed. The default
   * ({@value #DEFAULT_CPUS}) means 1 for a task and 0 for an actor, as in Ray.
   * {@code TaskOptions}/{@code ActorOptions} replace it per call.
   *
   * @return the CPUs held, or {@value #DEFAULT_CPUS} for the default
   */
  double numCpus() default DEFAULT_CPUS;

  /**
   * GPUs held, as {@link #numCpus()}: a whole number, or a fraction of one GPU. The holder's
   * devices are in {@code Ray.getRuntimeContext().getGpuIds()} (and, for an actor, in its
   * process's {@code CUDA_VISIBLE_DEVICES}).
   *
   * @return the GPUs held
   */
  double numGpus() default 0;

  /**
   * Bytes of memory held, as {@link #numCpus()}: work starts only where that much is free.
   *
   * @return the bytes held
   */
  long memoryBytes() default 0;

  /**
   * Custom resources held, each {@code "name=amount"}, e.g. {@code resources = "special=1"} or
   * {@code resources = {"disk=2", "accel:tpu=0.5"}}; a node has them if its
   * {@code RayConfig.builder().resource(name, amount)} says so.
   *
   * @return the custom resources held, each {@code "name=amount"}
   */
  String[] resources() default {};

  /**
   * For an actor class: whether every actor of this class runs alone, in a JVM of its own, instead
   * of sharing a host JVM with other actors (jray places several actors in one JVM unless told
   * otherwise). Set it for code that must not share a process: code that keeps state in statics,
   * calls {@code System.exit}, loads native libraries, or changes process-wide settings such as
   * the default locale or time zone. An isolated actor costs a JVM of its own: its start-up time
   * and its memory.
   *
   * <p>{@code ActorOptions}' {@code isolated(boolean)} replaces it for one actor. An actor that
   * holds GPUs always gets a JVM of its own, whatever this says.
   *
   * <p>Only for an actor class: a task has no process of its own to keep, so on a {@code @Remote}
   * method {@code isolated = true} means nothing, and the processor rejects it with a compile
   * error.
   *
   * @return whether each actor of this class gets a JVM of its own; false, the default, lets it
   *     share one
   */
  boolean isolated() default false;
}
