package io.jray.internal.worker;

import io.jray.RayException;
import java.util.Iterator;
import java.util.stream.BaseStream;

/**
 * What a streaming generator's method returned: its values to pull one at a time, and what to
 * close once they end ({@code Stream.close}, or an iterator that is itself closeable).
 */
record Streaming(Iterator<?> values, AutoCloseable closer) {

  /**
   * The call's result as a generator's, if {@code generator} says the method is one; else the
   * result itself.
   */
  static Object wrapIf(boolean generator, Object result, String displayName) {
    if (!generator) {
      return result;
    }
    if (result instanceof BaseStream<?, ?> stream) {
      return new Streaming(stream.iterator(), stream);
    }
    if (result instanceof Iterator<?> iterator) {
      return new Streaming(iterator,
          iterator instanceof AutoCloseable closeable ? closeable : null);
    }
    throw new RayException(displayName + " is a streaming generator and returned "
        + (result == null ? "null" : "a " + result.getClass().getName())
        + ": return an Iterator or a Stream (an empty one for no values).");
  }
}
