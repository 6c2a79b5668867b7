package io.jray.internal.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Main class of the second process in multi-process tests (and of start-up measurements).
 * Usage: {@code open DIR} | {@code put DIR FIRST_ID COUNT SIZE} | {@code check DIR ID SIZE}.
 * Prints "OK" and exits 0 on success.
 */
public final class StoreChild {
  public static void main(String[] args) {
    Path sessionDir = Path.of(args[1]);
    try (ObjectStore store = ObjectStore.open(sessionDir)) {
      switch (args[0]) {
        case "open" -> {}
        case "put" -> {
          long first = Long.parseLong(args[2]);
          int size = Integer.parseInt(args[4]);
          for (long id = first; id < first + Long.parseLong(args[3]); id++) {
            store.put(id, (byte) 7, Values.of(id, size));
          }
        }
        case "check" -> {
          long id = Long.parseLong(args[2]);
          StoredObject object = store.get(id);
          if (object == null || !Values.matches(id, Integer.parseInt(args[3]), object.data())) {
            throw new AssertionError("object " + id + " missing or wrong");
          }
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
    System.out.println("OK");
  }

  /** Test values whose bytes depend on their id, so a mix-up is caught. */
  static final class Values {
    static byte[] of(long id, int size) {
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        data[i] = (byte) (id * 31 + i);
      }
      return data;
    }

    static boolean matches(long id, int size, ByteBuffer data) {
      if (data.position() != 0 || data.limit() != size) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (data.get(i) != (byte) (id * 31 + i)) {
          return false;
        }
      }
      return true;
    }
  }
}
