package io.jray.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process for tests of {@link FolderLock}: a JVM that locks a file as a driver does its
 * folder's ({@code hold FILE}: prints "HELD", then waits until its stdin closes), or reports
 * whether it could ({@code try FILE}: prints "FREE" or "LOCKED").
 */
public final class LockHolder implements AutoCloseable {
  private final Process process;

  private LockHolder(Process process) {
    this.process = process;
  }

  /** Starts a JVM that holds file's lock; returns once it does. */
  public static LockHolder hold(Path file) throws IOException, InterruptedException {
    LockHolder holder = new LockHolder(start("hold", file));
    String line = holder.output().readLine();
    if (!"HELD".equals(line)) {
      holder.close();
      throw new AssertionError("the lock holder said " + line + " instead of HELD");
    }
    return holder;
  }

  /** Whether another process can take file's lock now (it releases it at once). */
  public static boolean lockableElsewhere(Path file) throws Exception {
    try (LockHolder probe = new LockHolder(start("try", file))) {
      String line = probe.output().readLine();
      if (!probe.process.waitFor(60, TimeUnit.SECONDS)
          || !("FREE".equals(line) || "LOCKED".equals(line))) {
        throw new AssertionError("the lock probe of " + file + " said " + line);
      }
      return line.equals("FREE");
    }
  }

  private static Process start(String mode, Path file) throws IOException {
    return new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
        mode, file.toString())).redirectErrorStream(true).start();
  }

  private BufferedReader output() {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Ends the holder as a SIGKILL would (its lock goes with it); returns once it has exited. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("lock holder " + process.pid() + " survived SIGKILL");
    }
  }

  public static void main(String[] args) throws IOException {
    try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.WRITE)) {
      if (args[0].equals("try")) {
        System.out.println(channel.tryLock() != null ? "FREE" : "LOCKED");
        return;
      }
      channel.lock();
      System.out.println("HELD");
      System.out.flush();
      System.in.readAllBytes(); // until the test ends us
    }
  }
}
