package io.jray.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The container of repeated {@link ConcurrencyGroup} annotations; write those instead. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ConcurrencyGroups {

  /**
   * The groups, in the order written.
   *
   * @return the repeated annotations
   */
  ConcurrencyGroup[] value();
}
