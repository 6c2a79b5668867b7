package io.jray.internal.store;

import java.util.Optional;

/**
 * Names one process incarnation in a long, so that a lock word can say who holds it: the pid in
 * the high 32 bits, a fingerprint of the process's start time in bits 1-31 (so a recycled pid is
 * not mistaken for the holder), and bit 0 free for the holder's mode.
 */
final class ProcessToken {
  /** This process. */
  static final long SELF = of(ProcessHandle.current());

  private static final long FINGERPRINT_MASK = 0xFFFF_FFFEL;

  private ProcessToken() {}

  static long of(ProcessHandle process) {
    return (process.pid() << 32) | fingerprint(process);
  }

  static long pid(long token) {
    return token >>> 32;
  }

  /** Whether the process that token names is still running (a zombie counts as dead). */
  static boolean isAlive(long token) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid(token));
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    long expected = token & FINGERPRINT_MASK;
    long actual = fingerprint(process.get());
    // 0: the start time is unknown here; trust the pid.
    return expected == 0 || actual == 0 || expected == actual;
  }

  /** Start time in 10 ms units (the kernel's resolution), shifted past bit 0. */
  private static long fingerprint(ProcessHandle process) {
    return process.info().startInstant()
        .map(start -> ((start.toEpochMilli() / 10) << 1) & FINGERPRINT_MASK)
        .orElse(0L);
  }
}
