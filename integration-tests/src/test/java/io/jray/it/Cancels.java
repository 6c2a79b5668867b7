package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.annotations.Remote;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** Tasks to cancel and to retry: they leave marks in files so tests can see them run. */
public final class Cancels {
  private Cancels() {}

  /** Appends this run's pid to the file; returns the number of runs so far. */
  private static int mark(String file) throws IOException {
    Path path = Paths.get(file);
    Files.writeString(path, ProcessHandle.current().pid() + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return Files.readAllLines(path).size();
  }

  /** Marks the file with its worker's pid, then sleeps. */
  @Remote(maxRetries = 3)
  public static long markThenSleep(String file, long millis) throws Exception {
    mark(file);
    Thread.sleep(millis);
    return millis;
  }

  /** Sleeps, then says which worker it ran in. */
  @Remote
  public static long pidAfter(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return ProcessHandle.current().pid();
  }

  /** When it started, in epoch milliseconds. */
  @Remote
  public static long startedAt() {
    return System.currentTimeMillis();
  }

  /** Submits a child that marks its file and sleeps, then waits for it. */
  @Remote
  public static long parentOfSleeper(String childFile, long millis) {
    ObjectRef<Long> child = CancelsRemote.markThenSleep(childFile, millis);
    return Ray.get(child);
  }

  /**
   * Throws an exception of the kind named until its {@code succeedAt}th run, which returns the
   * number of runs: "io" an IOException, "missing" a FileNotFoundException (a subclass),
   * "state" an IllegalStateException.
   */
  @Remote(maxRetries = 0)
  public static int throwUntil(String file, String kind, int succeedAt) throws Exception {
    int run = mark(file);
    if (run >= succeedAt) {
      return run;
    }
    switch (kind) {
      case "io" -> throw new IOException("run " + run + " failed");
      case "missing" -> throw new FileNotFoundException("run " + run + " found nothing");
      default -> throw new IllegalStateException("run " + run + " failed for good");
    }
  }

  /** Throws an IOException on odd runs, and its worker dies on even ones. */
  @Remote
  public static int throwThenDie(String file) throws IOException {
    int run = mark(file);
    if (run % 2 == 0) {
      Runtime.getRuntime().halt(17);
    }
    throw new IOException("run " + run + " failed");
  }

  /** Fails at once. */
  @Remote(maxRetries = 0)
  public static int failNow() {
    throw new IllegalArgumentException("failing at once");
  }
}
