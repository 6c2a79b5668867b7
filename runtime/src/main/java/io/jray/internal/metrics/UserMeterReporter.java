package io.jray.internal.metrics;

import io.jray.internal.Log;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.ToDriver.UserMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * In a worker or an actor's process: what the user's code records with Micrometer's global
 * registry ({@code Metrics.counter(...)}, or any registry that {@code Metrics.globalRegistry}
 * holds) goes to the driver once a second, whenever it changed, so that the dashboard's
 * {@code /metrics} shows it labelled by process. A worker whose code records nothing sends
 * nothing.
 */
public final class UserMeterReporter implements AutoCloseable {
  static final long PERIOD_MILLIS = 1000;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Connection driver;
  private final ScheduledExecutorService timer;
  private List<UserMeters.Meter> lastSent = List.of();

  private UserMeterReporter(Connection driver) {
    this.driver = driver;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "jray-user-meters");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Adds this process's registry to Micrometer's global one and starts reporting. */
  public static UserMeterReporter start(Connection driver) {
    UserMeterReporter reporter = new UserMeterReporter(driver);
    Metrics.addRegistry(reporter.registry);
    reporter.timer.scheduleWithFixedDelay(reporter::report, PERIOD_MILLIS, PERIOD_MILLIS,
        TimeUnit.MILLISECONDS);
    return reporter;
  }

  /** Sends the meters if any changed since the last report; also called before exit. */
  public synchronized void report() {
    try {
      List<UserMeters.Meter> now = read(registry.getMeters());
      if (now.isEmpty() || same(now, lastSent)) {
        return;
      }
      driver.send(new UserMeters(now));
      lastSent = now;
    } catch (IOException e) {
      Log.debug("Could not send the user's meters: {}", e.toString());
    } catch (RuntimeException e) {
      Log.warn("Reading the user's Micrometer meters failed: {}", e.toString());
    }
  }

  static List<UserMeters.Meter> read(List<Meter> meters) {
    List<UserMeters.Meter> out = new ArrayList<>(meters.size());
    for (Meter meter : meters) {
      Meter.Id id = meter.getId();
      List<String> tags = new ArrayList<>();
      for (Tag tag : id.getTagsAsIterable()) {
        tags.add(tag.getKey());
        tags.add(tag.getValue());
      }
      List<String> statistics = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (Measurement measurement : meter.measure()) {
        statistics.add(measurement.getStatistic().name());
        values.add(measurement.getValue());
      }
      out.add(new UserMeters.Meter(id.getName(), id.getType().name(), id.getBaseUnit(),
          id.getDescription(), tags, statistics,
          values.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return out;
  }

  private static boolean same(List<UserMeters.Meter> a, List<UserMeters.Meter> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      UserMeters.Meter x = a.get(i);
      UserMeters.Meter y = b.get(i);
      if (!x.name().equals(y.name()) || !x.tags().equals(y.tags())
          || !Arrays.equals(x.values(), y.values())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    report();
    Metrics.removeRegistry(registry);
  }
}
