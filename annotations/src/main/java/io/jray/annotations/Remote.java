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

  /**
   * For a task: how many times to run it again when its worker process dies before it finishes.
   * Exceptions thrown by the task itself are not retried. {@code 0} disables retries; {@code -1}
   * retries without limit.
   */
  int maxRetries() default DEFAULT_MAX_RETRIES;

  /**
   * For an actor: how many times to re-create it (by running its constructor again) when its
   * process dies on its own. {@code 0}, the default, means a dead actor stays dead.
   */
  int maxRestarts() default 0;
}
