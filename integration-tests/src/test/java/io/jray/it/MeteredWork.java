package io.jray.it;

import io.jray.annotations.Remote;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.TimeUnit;

/** User code that records its own metrics with Micrometer, as a library would. */
public final class MeteredWork {
  private MeteredWork() {}

  /** Counts {@code items} in {@code items_processed_total}; returns the worker's pid. */
  @Remote
  public static long process(int items) {
    Metrics.counter("items.processed", "source", "metrics-it").increment(items);
    return ProcessHandle.current().pid();
  }

  /** An actor that times its calls and keeps a gauge of its queue. */
  @Remote
  public static class Meter {
    private final java.util.concurrent.atomic.AtomicInteger depth = Metrics.gauge(
        "meter.depth", new java.util.concurrent.atomic.AtomicInteger());

    public Meter() {}

    public long handle(int millis) {
      Metrics.timer("meter.handle").record(millis, TimeUnit.MILLISECONDS);
      depth.set(millis);
      return ProcessHandle.current().pid();
    }
  }
}
