package io.jray.internal.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import io.jray.internal.events.RuntimeEvents;

/**
 * Copies a worker's stdout or stderr to the driver's, each line prefixed {@code (pid=N)} as Ray
 * does, and keeps the last lines for error messages about that worker.
 */
final class OutputForwarder {
  private static final int KEPT_LINES = 40;

  private final Thread thread;
  private final Deque<String> lastLines = new ArrayDeque<>();

  OutputForwarder(InputStream from, PrintStream to, long pid, boolean stderr,
      RuntimeEvents events) {
    String prefix = "(pid=" + pid + ") ";
    thread = new Thread(() -> copy(from, to, prefix, pid, stderr, events),
        "jray-" + (stderr ? "err" : "out") + "-" + pid);
    thread.setDaemon(true);
    thread.start();
  }

  private void copy(InputStream from, PrintStream to, String prefix, long pid, boolean stderr,
      RuntimeEvents events) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        to.println(prefix + line);
        events.workerOutput(pid, stderr, line);
        synchronized (lastLines) {
          if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
          }
          lastLines.addLast(line);
        }
      }
    } catch (IOException e) {
      // The worker is gone; so is its output.
    }
  }

  /** Waits a little for the last lines of a worker that has exited. */
  void drain(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<String> lastLines() {
    synchronized (lastLines) {
      return new ArrayList<>(lastLines);
    }
  }
}
