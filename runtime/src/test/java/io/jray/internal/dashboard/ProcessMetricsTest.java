package io.jray.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.state.ResourceSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMetricsTest {
  @TempDir
  Path proc;

  private void writeProcess(long pid, long utime, long stime, long rssKb) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    // A command name with spaces and parentheses, as a thread may rename itself.
    Files.writeString(dir.resolve("stat"), pid + " (java (main) x) S 1 2 3 4 5 6 7 8 9 10 "
        + utime + " " + stime + " 0 0 20 0 30 0 1234 5678 900");
    Files.writeString(dir.resolve("status"),
        "Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  " + rssKb + " kB\nThreads:\t30\n");
  }

  @Test
  void cpuIsTheShareOfOneCoreBetweenTwoSamples() throws Exception {
    ProcessMetrics metrics = new ProcessMetrics(proc);
    writeProcess(42, 100, 50, 2048);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    metrics.sample(List.of(42L), t0, 0);
    assertEquals(-1, metrics.latest(42).cpuPercent(), "no CPU figure from one reading");
    assertEquals(2048 * 1024, metrics.latest(42).rssBytes());

    writeProcess(42, 180, 70, 4096); // 100 ticks = 1 s of CPU in 2 s
    metrics.sample(List.of(42L), t0.plusSeconds(2), 2_000_000_000L);
    assertEquals(50.0, metrics.latest(42).cpuPercent(), 0.01);
    assertEquals(4096 * 1024, metrics.latest(42).rssBytes());

    List<ResourceSample> history = metrics.since(t0);
    assertEquals(1, history.size());
    assertEquals(2, metrics.since(Instant.EPOCH).size());
  }

  @Test
  void goneProcessesAndOldSamplesAreDropped() throws Exception {
    ProcessMetrics metrics = new ProcessMetrics(proc);
    writeProcess(42, 1, 1, 1);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    metrics.sample(List.of(42L, 43L), t0, 0);
    assertNull(metrics.latest(43), "no /proc entry, no sample");
    metrics.sample(List.of(), t0.plusMillis(ProcessMetrics.WINDOW_MILLIS + 1), 1);
    assertNull(metrics.latest(42));
    assertTrue(metrics.since(Instant.EPOCH).isEmpty());
  }

  @Test
  void readsThisVeryProcess() {
    ProcessMetrics metrics = new ProcessMetrics(Path.of("/proc"));
    long pid = ProcessHandle.current().pid();
    if (!Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
      return; // not Linux: nothing to read, and -1 is what the API promises
    }
    assertTrue(metrics.cpuTicks(pid) > 0);
    assertTrue(metrics.rssBytes(pid) > 10 << 20);
  }
}
