package io.jray.it;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.annotations.Remote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** Tasks that misbehave on purpose: they leave marks in files so tests can count attempts. */
public final class Faults {
  private Faults() {}

  /** Appends this attempt's pid to the file; returns the number of attempts so far. */
  private static int mark(String file) throws IOException {
    Path path = Paths.get(file);
    Files.writeString(path, ProcessHandle.current().pid() + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return Files.readAllLines(path).size();
  }

  /** The first attempt's process dies; the second returns the number of attempts. */
  @Remote
  public static int dieOnce(String file) throws IOException {
    int attempt = mark(file);
    if (attempt == 1) {
      System.exit(13);
    }
    return attempt;
  }

  @Remote(maxRetries = 1)
  public static int alwaysDie(String file) throws IOException {
    mark(file);
    Runtime.getRuntime().halt(14);
    return 0;
  }

  /** Marks the file, then sleeps: the test kills the process that marked it. */
  @Remote
  public static int markThenSleep(String file, long millis) throws Exception {
    int attempt = mark(file);
    if (attempt == 1) {
      Thread.sleep(millis);
    }
    return attempt;
  }

  @Remote
  public static int throwAndCount(String file) throws IOException {
    mark(file);
    throw new IllegalStateException("application error, not a dead worker");
  }

  @Remote(maxRetries = 0)
  public static int noRetries(int x) {
    return x;
  }

  @Remote
  public static long sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  /** A driver that prints its workers' pids, then waits to be killed. */
  public static final class DoomedDriver {
    private DoomedDriver() {}

    public static void main(String[] args) throws Exception {
      Ray.init(RayConfig.builder().numCpus(2).build());
      Ray.get(FaultsRemote.sleep(1));
      StringBuilder pids = new StringBuilder();
      ProcessHandle.current().children().forEach(p -> pids.append(p.pid()).append(' '));
      System.out.println("WORKERS " + pids.toString().trim());
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
