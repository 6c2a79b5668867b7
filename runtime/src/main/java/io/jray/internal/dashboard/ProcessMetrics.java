package io.jray.internal.dashboard;

import io.jray.state.ResourceSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of the session's processes, read from Linux's {@code /proc}: sampled once a
 * second by the dashboard's sampler thread, kept for {@link #WINDOW_MILLIS}. Where /proc cannot
 * be read (not Linux) values are -1. Thread-safe.
 */
final class ProcessMetrics {
  static final long WINDOW_MILLIS = 5 * 60_000;
  /** Linux reports CPU time in USER_HZ ticks, 100 per second on every architecture it runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private record Reading(long nanos, long ticks) {}

  private final Path proc;
  private final Map<Long, Reading> previous = new HashMap<>();
  private final Map<Long, ResourceSample> latest = new HashMap<>();
  private final Deque<ResourceSample> history = new ArrayDeque<>();

  ProcessMetrics(Path proc) {
    this.proc = proc;
  }

  /** Reads every pid now; CPU is the share of one core since that pid's previous reading. */
  void sample(Collection<Long> pids, Instant now, long nanos) {
    List<ResourceSample> samples = new ArrayList<>();
    for (long pid : pids) {
      long ticks = cpuTicks(pid);
      long rss = rssBytes(pid);
      if (ticks < 0 && rss < 0) {
        continue; // gone, or no /proc
      }
      double cpu = -1;
      synchronized (this) {
        Reading before = previous.put(pid, new Reading(nanos, ticks));
        if (before != null && ticks >= 0 && nanos > before.nanos()) {
          double seconds = (nanos - before.nanos()) / 1e9;
          cpu = Math.max(0, (ticks - before.ticks()) / TICKS_PER_SECOND / seconds * 100);
        }
      }
      samples.add(new ResourceSample(now, pid, Math.round(cpu * 10) / 10.0, rss));
    }
    synchronized (this) {
      latest.keySet().retainAll(pids);
      previous.keySet().retainAll(pids);
      for (ResourceSample sample : samples) {
        latest.put(sample.pid(), sample);
        history.addLast(sample);
      }
      Instant oldest = now.minusMillis(WINDOW_MILLIS);
      for (Iterator<ResourceSample> it = history.iterator(); it.hasNext(); ) {
        if (!it.next().time().isBefore(oldest)) {
          break;
        }
        it.remove();
      }
    }
  }

  /** The latest sample of pid, or null before its first. */
  synchronized ResourceSample latest(long pid) {
    return latest.get(pid);
  }

  /** Samples taken after since, oldest first. */
  synchronized List<ResourceSample> since(Instant since) {
    List<ResourceSample> out = new ArrayList<>();
    for (Iterator<ResourceSample> it = history.descendingIterator(); it.hasNext(); ) {
      ResourceSample sample = it.next();
      if (!sample.time().isAfter(since)) {
        break;
      }
      out.add(sample);
    }
    Collections.reverse(out);
    return out;
  }

  /** utime + stime of the process, in ticks; -1 if unreadable. */
  long cpuTicks(long pid) {
    String stat = read(proc.resolve(Long.toString(pid)).resolve("stat"));
    if (stat == null) {
      return -1;
    }
    // The command name (field 2) may hold spaces and parentheses: fields count from its last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Resident memory of the process (VmRSS), in bytes; -1 if unreadable. */
  long rssBytes(long pid) {
    String status = read(proc.resolve(Long.toString(pid)).resolve("status"));
    if (status == null) {
      return -1;
    }
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        try {
          return Long.parseLong(parts[0]) * 1024;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
