package io.jray.internal.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much memory the machine can still give new processes, as the kernel estimates it. */
final class AvailableMemory {
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private AvailableMemory() {}

  /** MemAvailable in bytes, or -1 where the kernel does not say (not Linux). */
  static long bytes() {
    try {
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("MemAvailable:")) {
          String kib = line.substring("MemAvailable:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kib) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or an unexpected format: the pool is then limited by maxWorkers only.
    }
    return -1;
  }
}
