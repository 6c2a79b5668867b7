package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment that a live process keeps is given up on after the session's timeout, not 10 s. */
class SegmentGuardsTest {
  @TempDir Path dir;

  @Test
  void aWaiterGivesUpAfterTheConfiguredTimeout() {
    long timeout = TimeUnit.MILLISECONDS.toNanos(50);
    SegmentGuards guards = SegmentGuards.create(dir.resolve("guards"), 4,
        (segment, owner) -> { }, timeout);
    guards.acquire(1, true); // this process holds it, and is alive: no recovery
    long start = System.nanoTime();
    RayException e = assertThrows(RayException.class, () -> guards.acquire(1, false));
    long waited = System.nanoTime() - start;
    assertTrue(waited >= timeout, "gave up after " + waited + " ns");
    assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "waited " + waited + " ns: the default?");
    assertTrue(e.getMessage().contains("Tuning.storeLockTimeout"), e.getMessage());
  }
}
