package io.jray.it;

import io.jray.Ray;
import io.jray.annotations.Remote;

/** Small actors made by the hundred, as a user would: each keeps a number. */
public final class Fleet {
  private Fleet() {}

  /** Keeps a number; restarts once, with its constructor's number again. */
  @Remote(maxRestarts = 1)
  public static class Cell {
    private long value;

    public Cell(long start) {
      value = start;
    }

    public long add(long n) {
      value += n;
      return value;
    }

    public long get() {
      return value;
    }

    public long pid() {
      return ProcessHandle.current().pid();
    }

    /** Ends the whole JVM it runs in, as careless code does. */
    public long exitJvm(int code) {
      System.exit(code);
      return -1;
    }

    /**
     * Ends the whole JVM it runs in, but a shutdown hook of its own never returns, so the JVM
     * never ends by itself.
     */
    public long exitJvmWithAHangingHook(int code) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        while (true) {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            // a hook that will not end
          }
        }
      }));
      System.exit(code);
      return -1;
    }

    /** Ends this actor for good. */
    public long leave() {
      Ray.exitActor();
      return -1;
    }

    /** Runs long, or until interrupted; returns whether it was. */
    public boolean sleep(long millis) {
      try {
        Thread.sleep(millis);
        return false;
      } catch (InterruptedException e) {
        return true;
      }
    }
  }

  /** An actor whose code must not share a JVM. */
  @Remote(isolated = true)
  public static class Loner {
    public Loner() {}

    public long pid() {
      return ProcessHandle.current().pid();
    }
  }
}
