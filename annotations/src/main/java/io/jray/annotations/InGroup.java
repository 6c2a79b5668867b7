package io.jray.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a public method of a {@code @Remote} actor class in one of the class's concurrency groups
 * (see {@link ConcurrencyGroup}) instead of its default group.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface InGroup {

  /**
   * The name of a group that the class declares with {@link ConcurrencyGroup}.
   *
   * @return the group's name
   */
  String value();
}
