package io.jray.internal.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * Rejects a length prefix that asks for more elements than there are bytes left. Every element
 * that Kryo writes takes at least one byte, and jray always reads from a buffer that holds the
 * whole value, so a larger count can only come from corrupt or foreign bytes. Checking before the
 * allocation is what keeps garbage from turning into an OutOfMemoryError.
 */
final class Bounds {
  private Bounds() {}

  static void checkCount(Input input, int count) {
    int remaining = input.limit() - input.position();
    if (count < 0 || count > remaining) {
      throw new CorruptInputException(
          "a length prefix asks for " + count + " elements but only " + remaining + " bytes are left");
    }
  }

  /** Corrupt or foreign bytes: reported as such rather than as an unserializable class. */
  static final class CorruptInputException extends KryoException {
    private static final long serialVersionUID = 1L;

    CorruptInputException(String message) {
      super(message);
    }
  }
}
