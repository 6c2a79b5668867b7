package io.jray.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Tuning;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's command line carries the driver's share of the tuning, and nothing else. */
class TuningArgsTest {

  @Test
  void aWorkerGetsTheDriversValuesForTheKnobsItUses() {
    Tuning driver = Tuning.builder().lateFrameDelay(Duration.ofNanos(250_000)).repliesPerWrite(3)
        .storeLockTimeout(Duration.ofMillis(1500)).spinBeforePark(Duration.ZERO)
        .pipelineDepth(0).build();
    Tuning worker = TuningArgs.parse(TuningArgs.of(driver));
    assertEquals(driver.lateFrameDelay(), worker.lateFrameDelay());
    assertEquals(3, worker.repliesPerWrite());
    assertEquals(driver.storeLockTimeout(), worker.storeLockTimeout());
    assertEquals(Duration.ZERO, worker.spinBeforePark());
    // Only the driver schedules: its knobs stay off the worker's command line.
    assertEquals(Tuning.DEFAULT_PIPELINE_DEPTH, worker.pipelineDepth());
  }

  @Test
  void noArgumentsMeanTheDefaults() {
    assertEquals(Tuning.builder().build(), TuningArgs.parse(List.of()));
  }

  @Test
  void anUnknownKnobSaysTheVersionsDiffer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TuningArgs.parse(List.of("--tuning.warpSpeed=9")));
    assertTrue(e.getMessage().contains("Unknown worker tuning 'warpSpeed'"), e.getMessage());
  }

  @Test
  void aValueOutOfRangeFailsAsInTheDriver() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TuningArgs.parse(List.of("--tuning.repliesPerWrite=0")));
    assertTrue(e.getMessage().contains("repliesPerWrite must be 1 or more"), e.getMessage());
  }
}
