package io.jray.internal.worker;

import io.jray.Tuning;
import java.time.Duration;
import java.util.List;

/**
 * The worker's share of the driver's {@link Tuning}, as arguments on the worker's command line
 * ({@code --tuning.repliesPerWrite=16}): a worker runs with its driver's values, whatever its own
 * JVM's system properties say. The driver writes every knob a worker uses, so the worker's own
 * defaults never decide.
 */
public final class TuningArgs {
  static final String PREFIX = "--tuning.";

  private TuningArgs() {}

  /** The arguments that give a worker this tuning. */
  public static List<String> of(Tuning tuning) {
    return List.of(
        PREFIX + "lateFrameDelayNanos=" + tuning.lateFrameDelay().toNanos(),
        PREFIX + "repliesPerWrite=" + tuning.repliesPerWrite(),
        PREFIX + "generatorBackpressure=" + tuning.generatorBackpressure(),
        PREFIX + "storeLockTimeoutNanos=" + tuning.storeLockTimeout().toNanos(),
        PREFIX + "spinBeforeParkNanos=" + tuning.spinBeforePark().toNanos());
  }

  /** The tuning that {@link #of} wrote; the driver's knobs a worker does not use stay default. */
  static Tuning parse(List<String> args) {
    Tuning.Builder tuning = Tuning.builder();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith(PREFIX) || equals < 0) {
        throw new IllegalArgumentException("Unexpected worker argument '" + arg + "': a worker "
            + "takes " + PREFIX + "<knob>=<value> after its four fixed arguments.");
      }
      String knob = arg.substring(PREFIX.length(), equals);
      long value = Long.parseLong(arg.substring(equals + 1));
      switch (knob) {
        case "lateFrameDelayNanos" -> tuning.lateFrameDelay(Duration.ofNanos(value));
        case "repliesPerWrite" -> tuning.repliesPerWrite(Math.toIntExact(value));
        case "generatorBackpressure" -> tuning.generatorBackpressure(Math.toIntExact(value));
        case "storeLockTimeoutNanos" -> tuning.storeLockTimeout(Duration.ofNanos(value));
        case "spinBeforeParkNanos" -> tuning.spinBeforePark(Duration.ofNanos(value));
        default -> throw new IllegalArgumentException("Unknown worker tuning '" + knob
            + "': the worker's jray is older than its driver's. Put one jray on the class path.");
      }
    }
    return tuning.build();
  }
}
