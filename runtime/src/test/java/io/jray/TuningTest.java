package io.jray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The knobs' defaults are today's values, bad values fail with their name, and they print. */
class TuningTest {

  @Test
  void defaultsAreTheValuesTheRuntimeWasTunedWith() {
    Tuning tuning = Tuning.builder().build();
    assertEquals(16, tuning.pipelineDepth());
    assertEquals(2, tuning.actorSendAtOnce());
    assertEquals(Duration.ofNanos(10_000), tuning.actorBurstGap());
    assertEquals(Duration.ofMillis(1), tuning.lateFrameDelay());
    assertEquals(16, tuning.repliesPerWrite());
    assertEquals(Duration.ofSeconds(10), tuning.storeLockTimeout());
    assertEquals(Duration.ofNanos(50_000), tuning.spinBeforePark());
    assertTrue(tuning.workerClassDataSharing());
    assertTrue(tuning.callerReadsReply());
    assertTrue(tuning.isDefault());
    assertEquals(tuning, RayConfig.defaults().tuning());
  }

  @Test
  void valuesOutOfRangeNameTheKnobAndTheValue() {
    assertRejected(b -> b.pipelineDepth(-1), "pipelineDepth must be 0 or more", "was -1");
    assertRejected(b -> b.actorSendAtOnce(0), "actorSendAtOnce must be 1 or more", "was 0");
    assertRejected(b -> b.repliesPerWrite(0), "repliesPerWrite must be 1 or more", "was 0");
    assertRejected(b -> b.actorBurstGap(Duration.ofNanos(-1)), "actorBurstGap must be between",
        "was PT-0.000000001S");
    assertRejected(b -> b.lateFrameDelay(Duration.ZERO), "lateFrameDelay must be between",
        "was PT0S");
    assertRejected(b -> b.spinBeforePark(Duration.ofSeconds(2)), "spinBeforePark must be between",
        "was PT2S");
    assertRejected(b -> b.storeLockTimeout(Duration.ofDays(1)), "storeLockTimeout must be between",
        "was PT24H");
  }

  @Test
  void theEdgesOfEachRangeAreAccepted() {
    Tuning tuning = Tuning.builder().pipelineDepth(0).actorSendAtOnce(1).repliesPerWrite(1)
        .actorBurstGap(Duration.ZERO).spinBeforePark(Duration.ZERO)
        .lateFrameDelay(Duration.ofSeconds(1)).storeLockTimeout(Duration.ofHours(1)).build();
    assertEquals(0, tuning.pipelineDepth());
    assertEquals(Duration.ZERO, tuning.spinBeforePark());
  }

  @Test
  void printsOnlyTheKnobsAwayFromTheirDefaults() {
    Tuning tuning = Tuning.builder().pipelineDepth(8).spinBeforePark(Duration.ZERO)
        .workerClassDataSharing(false).callerReadsReply(false).build();
    assertEquals("Tuning(pipelineDepth=8, spinBeforePark=PT0S, workerClassDataSharing=false,"
        + " callerReadsReply=false)", tuning.toString());
    assertEquals("Tuning(defaults)", Tuning.builder().build().toString());
    String config = RayConfig.builder().tuning(tuning).build().toString();
    assertTrue(config.endsWith(", tuning=" + tuning + ")"), config);
    assertFalse(RayConfig.defaults().toString().contains("tuning"), RayConfig.defaults().toString());
  }

  @Test
  void equalKnobsMakeEqualTunings() {
    assertEquals(Tuning.builder().repliesPerWrite(4).build(),
        Tuning.builder().repliesPerWrite(4).build());
    assertEquals(Tuning.builder().repliesPerWrite(4).build().hashCode(),
        Tuning.builder().repliesPerWrite(4).build().hashCode());
    assertNotEquals(Tuning.builder().repliesPerWrite(4).build(),
        Tuning.builder().repliesPerWrite(5).build());
  }

  @Test
  void anOldSystemPropertyStillSetsItsKnobsDefault() {
    System.setProperty("jray.pipelineDepth", "4");
    System.setProperty("jray.spinMicros", "0");
    try {
      Tuning tuning = Tuning.builder().build();
      assertEquals(4, tuning.pipelineDepth());
      assertEquals(Duration.ZERO, tuning.spinBeforePark());
      assertEquals(7, Tuning.builder().pipelineDepth(7).build().pipelineDepth());
    } finally {
      System.clearProperty("jray.pipelineDepth");
      System.clearProperty("jray.spinMicros");
    }
  }

  private static void assertRejected(UnaryOperator<Tuning.Builder> setting, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> setting.apply(Tuning.builder()).build());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
  }
}
