package io.jray.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The system properties that set {@link io.jray.Tuning}'s knobs before it existed. One that is set
 * still gives its knob's starting value, read as before (a value that does not parse is ignored,
 * as {@link Integer#getInteger} did), so command lines that set them keep working.
 */
public final class LegacyProperties {
  static final List<String> NAMES = List.of("jray.pipelineDepth", "jray.actorSendAtOnce",
      "jray.actorBurstGapMicros", "jray.lateFrameMicros", "jray.repliesPerWrite",
      "jray.store.lockTimeoutMillis", "jray.spinMicros");
  private static final AtomicBoolean logged = new AtomicBoolean();

  private LegacyProperties() {}

  public static int integer(String name, int fallback) {
    return Integer.getInteger(name, fallback);
  }

  public static Duration micros(String name, Duration fallback) {
    Long micros = Long.getLong(name);
    return micros == null ? fallback : Duration.ofNanos(micros * 1000);
  }

  public static Duration millis(String name, Duration fallback) {
    Long millis = Long.getLong(name);
    return millis == null ? fallback : Duration.ofMillis(millis);
  }

  /**
   * Says at debug, once per process, which of the old properties are set: they still work, but
   * only in the driver, and RayConfig's Tuning is where the knobs live now.
   */
  public static void logOnceIfSet() {
    List<String> set = NAMES.stream().filter(name -> System.getProperty(name) != null).toList();
    if (!set.isEmpty() && logged.compareAndSet(false, true)) {
      Log.debug("System properties {} still set their knobs' defaults; set them with "
          + "RayConfig.builder().tuning(Tuning.builder()...build()) instead.", set);
    }
  }
}
