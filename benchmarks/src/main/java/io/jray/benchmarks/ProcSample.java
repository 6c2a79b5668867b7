package io.jray.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * What processes hold in memory and have used of the CPU, read from Linux's {@code /proc}:
 * resident (VmRSS of {@code status}), proportional (Pss of {@code smaps_rollup}: each shared page
 * split among the processes that map it, so the object store and the JVM's shared files count once
 * in a sum) and unique memory (the private pages: what ending the process would free), in kB; CPU
 * time since the process started (user and system, from {@code stat}), in ms.
 */
record ProcSample(int processes, long rssKb, long pssKb, long ussKb, long cpuMillis) {
  static final ProcSample NONE = new ProcSample(0, 0, 0, 0, 0);
  /** Linux's USER_HZ, the unit of {@code stat}'s times, is 100 on every common platform. */
  private static final long MILLIS_PER_TICK = 10;

  /** One process's figures; {@link #NONE} if it has exited or cannot be read. */
  static ProcSample of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      List<String> status = Files.readAllLines(proc.resolve("status"));
      List<String> rollup = Files.readAllLines(proc.resolve("smaps_rollup"));
      long uss = field(rollup, "Private_Clean:") + field(rollup, "Private_Dirty:");
      return new ProcSample(1, field(status, "VmRSS:"), field(rollup, "Pss:"), uss,
          cpuMillis(Files.readString(proc.resolve("stat"))));
    } catch (IOException | RuntimeException gone) {
      return NONE;
    }
  }

  /** The sum over these processes. */
  static ProcSample sum(Collection<Long> pids) {
    return pids.stream().map(ProcSample::of).reduce(NONE, ProcSample::plus);
  }

  /** Whether the process maps a jray class-data archive of the workers ({@code worker-*.jsa}). */
  static boolean mapsWorkerArchive(long pid) {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
      return lines.anyMatch(line -> line.contains("/worker-") && line.endsWith(".jsa"));
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  ProcSample plus(ProcSample other) {
    return new ProcSample(processes + other.processes, rssKb + other.rssKb,
        pssKb + other.pssKb, ussKb + other.ussKb, cpuMillis + other.cpuMillis);
  }

  /** {@code RESULT}-line fields: processes, RSS, PSS, USS, CPU. */
  String fields() {
    return processes + " " + rssKb + " " + pssKb + " " + ussKb + " " + cpuMillis;
  }

  static ProcSample parse(String[] parts, int from) {
    return new ProcSample(Integer.parseInt(parts[from]), Long.parseLong(parts[from + 1]),
        Long.parseLong(parts[from + 2]), Long.parseLong(parts[from + 3]),
        Long.parseLong(parts[from + 4]));
  }

  /** utime and stime, the 14th and 15th fields, counted after the command's closing bracket. */
  private static long cpuMillis(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(after[11]) + Long.parseLong(after[12])) * MILLIS_PER_TICK;
  }

  /** The kB after a {@code name:} line of a /proc file, as "VmRSS:    123 kB"; 0 if absent. */
  private static long field(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }
}
