package io.jray.internal.stub;

/**
 * Calls a user's {@code @Remote} static method with arguments already resolved to values. The
 * processor writes one per method as a lambda, so a worker runs a task without reflection.
 */
@FunctionalInterface
public interface Invoker<R> {
  R invoke(Object[] args) throws Throwable;
}
