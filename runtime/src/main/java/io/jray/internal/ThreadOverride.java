package io.jray.internal;

/**
 * A process-wide value that a thread may override for itself and the threads it starts: in a JVM
 * that hosts several actors, each actor's threads see the actor's own runtime, refs and context.
 * Until some thread sets one, a read costs one volatile read and no thread-local look-up.
 *
 * @param <T> the value's type
 */
public final class ThreadOverride<T> {
  private final InheritableThreadLocal<T> own = new InheritableThreadLocal<>();
  private volatile boolean used;

  /** This thread's value, or {@code fallback} if it has none. */
  public T orElse(T fallback) {
    if (used) {
      T value = own.get();
      if (value != null) {
        return value;
      }
    }
    return fallback;
  }

  /** Gives this thread, and the threads it starts from now on, a value; null takes it away. */
  public void set(T value) {
    if (value == null) {
      own.remove();
      return;
    }
    used = true;
    own.set(value);
  }
}
