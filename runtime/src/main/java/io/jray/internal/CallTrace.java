package io.jray.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A diagnostic: where a task's time goes, point by point, across the driver and its workers.
 * With {@code -Djray.callTrace=FOLDER} on the driver (its workers get it too), each process
 * notes {@link System#nanoTime} (one clock for every process on Linux) at each {@link Point} a
 * task passes, for its first {@value #CAPACITY} points, and writes them to
 * {@code FOLDER/calltrace-<pid>.txt} as it ends: one line per point, {@code point id nanos}.
 * The benchmarks' {@code CallBreakdown} joins them by task. Off, each point costs a read of a
 * constant, which the JIT folds away.
 */
public final class CallTrace {
  /** The system property that turns it on: the folder for the files. */
  public static final String PROPERTY = "jray.callTrace";
  private static final String FOLDER = System.getProperty(PROPERTY, "");
  public static final boolean ON = !FOLDER.isEmpty();
  private static final int CAPACITY = 1 << 21;

  /** Where a task is, in the order a pool task passes them. */
  public enum Point {
    /** The driver's caller, before it submits the task. */
    SUBMITTING,
    /** The driver's caller, once the submit has returned (the task's frame written). */
    SUBMITTED,
    /** The worker has read the task's frame. */
    WORKER_READ,
    /** The worker starts the call. */
    STARTED,
    /** The call's body has returned. */
    BODY_DONE,
    /** Its value is stored. */
    STORED,
    /** Its TASK_DONE is written. */
    DONE_SENT,
    /** The driver has read the TASK_DONE. */
    DRIVER_READ,
    /** The driver has applied it: the result's waiters are released. */
    APPLIED,
    /** The caller's get has returned the value. */
    GOT
  }

  private static final byte[] POINTS = ON ? new byte[CAPACITY] : null;
  private static final long[] IDS = ON ? new long[CAPACITY] : null;
  private static final long[] NANOS = ON ? new long[CAPACITY] : null;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private CallTrace() {}

  /** Notes that the task (its result's id) is at {@code point} now. */
  public static void mark(Point point, long id) {
    if (ON) {
      int i = NEXT.getAndIncrement();
      if (i < CAPACITY) {
        NANOS[i] = System.nanoTime();
        POINTS[i] = (byte) point.ordinal();
        IDS[i] = id;
      }
    }
  }

  /** The worker option that traces a worker as this process is traced, or null. */
  public static String workerOption() {
    return ON ? "-D" + PROPERTY + "=" + FOLDER : null;
  }

  /** Writes what this process noted, if tracing is on; never fails. */
  public static void write() {
    if (!ON) {
      return;
    }
    Path file = Path.of(FOLDER, "calltrace-" + ProcessHandle.current().pid() + ".txt");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      int count = Math.min(NEXT.get(), CAPACITY);
      for (int i = 0; i < count; i++) {
        out.print(Point.values()[POINTS[i]]);
        out.print(' ');
        out.print(IDS[i]);
        out.print(' ');
        out.println(NANOS[i]);
      }
    } catch (IOException e) {
      Log.warn("Could not write the call trace {}: {}", file, e.toString());
    }
  }
}
