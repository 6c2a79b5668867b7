package io.jray.internal.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Main class of the second process in multi-process tests (and of start-up measurements).
 * Usage: {@code create DIR} (a store of 1 MiB and one object, which makes its index; closed at
 * once) | {@code open DIR} (and a look-up, which opens the index once a process has made it) |
 * {@code openOnly DIR} (no use: the index stays unopened) | {@code put DIR FIRST_ID COUNT SIZE} |
 * {@code check DIR ID SIZE [COUNT]}: print "OK" and exit 0 on success. {@code createThenAwait DIR
 * ID}: creates a store (as a driver does), prints "CREATED", and looks for ID until another
 * process has stored it, which opens the index that process made; then "OK". {@code churn DIR
 * FIRST_ID}: puts and gets until killed, printing "PUT id size" after each put returns.
 * {@code hold DIR ID}: takes the write lock of id's index segment, prints "HELD" and waits to be
 * killed.
 */
public final class StoreChild {
  public static void main(String[] args) {
    Path sessionDir = Path.of(args[1]);
    if (args[0].equals("create")) {
      try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
        store.put(1, (byte) 7, Values.of(1, 100)); // makes the index
      }
      System.out.println("OK");
      return;
    }
    if (args[0].equals("createThenAwait")) {
      awaitAsCreator(sessionDir, Long.parseLong(args[2]));
      return;
    }
    try (ObjectStore store = ObjectStore.open(sessionDir)) {
      switch (args[0]) {
        case "open" -> store.contains(0);
        case "openOnly" -> {}
        case "put" -> {
          long first = Long.parseLong(args[2]);
          int size = Integer.parseInt(args[4]);
          for (long id = first; id < first + Long.parseLong(args[3]); id++) {
            store.put(id, (byte) 7, Values.of(id, size));
          }
        }
        case "check" -> {
          long first = Long.parseLong(args[2]);
          long count = args.length > 4 ? Long.parseLong(args[4]) : 1;
          for (long id = first; id < first + count; id++) {
            StoredObject object = store.get(id);
            if (object == null || !Values.matches(id, Integer.parseInt(args[3]), object.data())) {
              throw new AssertionError("object " + id + " missing or wrong");
            }
          }
        }
        case "churn" -> churn(store, Long.parseLong(args[2]));
        case "hold" -> store.index().inSegment(Long.parseLong(args[2]), true, context -> {
          context.writeLock().lock();
          System.out.println("HELD");
          System.out.flush();
          return sleepForever();
        });
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
    System.out.println("OK");
  }

  private static void awaitAsCreator(Path sessionDir, long id) {
    try (ObjectStore store = ObjectStore.create(sessionDir, 1 << 20)) {
      System.out.println("CREATED");
      System.out.flush();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!store.contains(id)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("object " + id + " not stored within a minute");
        }
        Thread.onSpinWait();
      }
    }
    System.out.println("OK");
  }

  /** Small, inline-sized and file-sized values in turn; a get of an earlier one between puts. */
  static final int[] CHURN_SIZES = {100, 60_000, 1 << 20};

  private static void churn(ObjectStore store, long first) {
    System.out.println("READY");
    System.out.flush();
    for (long id = first; ; id++) {
      int size = CHURN_SIZES[(int) (id % CHURN_SIZES.length)];
      store.put(id, (byte) 7, Values.of(id, size));
      System.out.println("PUT " + id + " " + size);
      System.out.flush();
      if (id > first && store.get(id - 1) == null) {
        throw new AssertionError("object " + (id - 1) + " missing");
      }
    }
  }

  private static Void sleepForever() {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
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
