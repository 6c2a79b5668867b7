package io.jray.internal.worker;

import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Main class of {@link JvmExitTest}'s second JVM: {@code ExitingChild DIR} makes a store in DIR,
 * uses it, and calls {@code System.exit}, while a call that runs on waits until Chronicle Map's
 * own shutdown hook has closed the store's index, then stores its value. Prints what the worker
 * would tell the driver: "LOST" (nothing), or "REPORTED" and the outcome; "OPEN" first if the
 * index was never closed.
 */
public final class ExitingChild {
  private static final TaskSpec CALL = new TaskSpec(9L, "f#call", "Jobs.call", 0, false,
      new byte[0][], new long[0], new long[0]);

  private ExitingChild() {}

  public static void main(String[] args) {
    ObjectStore store = ObjectStore.create(Path.of(args[0]), 1 << 20);
    store.put(1, (byte) 0, new byte[] {1}); // the index is made and open, as a used store's
    Calls calls = new Calls(store, new Serializer(), null);
    JvmExit.JVM.watch(); // as WorkerMain does
    Thread call = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (isOpen(store)) {
        if (System.nanoTime() > deadline) {
          System.out.println("OPEN");
          break;
        }
        Thread.onSpinWait();
      }
      Calls.Outcome outcome = calls.storeValue(CALL, 42L);
      System.out.println(outcome == Calls.LOST_WITH_THE_JVM ? "LOST" : "REPORTED " + outcome);
      System.out.flush();
    }, "call");
    // A hook of the user's: the call runs as the JVM exits, and the JVM waits for it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      call.start();
      try {
        call.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    System.exit(0);
  }

  private static boolean isOpen(ObjectStore store) {
    try {
      store.contains(1);
      return true;
    } catch (RuntimeException closed) {
      return false;
    }
  }
}
