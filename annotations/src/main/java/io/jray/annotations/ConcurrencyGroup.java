package io.jray.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a concurrency group of a {@code @Remote} actor class: a pool of its own threads, as
 * Ray's concurrency groups. Methods marked {@link InGroup} with the group's name run there, up to
 * {@link #maxConcurrency()} at once, and never wait behind calls of other groups; every other
 * method runs in the actor's default group (one thread, or {@code maxConcurrency} from the
 * actor's options).
 *
 * <pre>{@code
 * @Remote
 * @ConcurrencyGroup(name = "health", maxConcurrency = 1)
 * @ConcurrencyGroup(name = "io", maxConcurrency = 4)
 * public class Server {
 *   @InGroup("health") public boolean ping() { return true; }
 *   @InGroup("io") public byte[] read(String path) { ... }
 *   public long compute(long n) { ... }   // the default group
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ConcurrencyGroups.class)
public @interface ConcurrencyGroup {

  /**
   * The group's name, which {@link InGroup} refers to: letters, digits, {@code _} and {@code -};
   * unique within the class, and not {@code "default"}.
   *
   * @return the group's name
   */
  String name();

  /**
   * How many of the group's calls may run at once, each on a thread of the group; 1 or more.
   *
   * @return the size of the group's pool
   */
  int maxConcurrency() default 1;
}
