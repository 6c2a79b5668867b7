package io.jray.internal.metrics;

import io.jray.internal.Log;
import io.jray.internal.protocol.ToDriver.UserMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The user's meters of every process, each registered once in the driver's registry as a custom
 * meter of the same kind, with the process's {@code pid} and {@code role} added to its tags, and
 * measurements that read the values the process reported last.
 */
final class UserMeterTable {
  /** The reported values of one meter of one process; its measurements read them. */
  private static final class Values {
    volatile double[] values;

    Values(double[] values) {
      this.values = values;
    }

    double get(int i) {
      double[] now = values;
      return i < now.length ? now[i] : Double.NaN;
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Values> byKey = new ConcurrentHashMap<>();
  private final Set<String> refused = new HashSet<>();

  UserMeterTable(MeterRegistry registry) {
    this.registry = registry;
  }

  synchronized void update(long pid, String role, List<UserMeters.Meter> meters) {
    for (UserMeters.Meter meter : meters) {
      if (meter.name().startsWith("jray.") || meter.name().startsWith("jray_")) {
        continue; // jray's own names stay jray's
      }
      String key = pid + "\u0000" + meter.name() + "\u0000" + meter.tags();
      Values known = byKey.get(key);
      if (known != null) {
        known.values = meter.values();
        continue;
      }
      Values values = new Values(meter.values());
      try {
        register(pid, role, meter, values);
        byKey.put(key, values);
      } catch (RuntimeException e) {
        if (refused.add(meter.name())) {
          Log.warn("The metric {} from pid {} cannot be shown at /metrics: {}", meter.name(),
              pid, e.toString());
        }
      }
    }
  }

  /**
   * Counters, gauges and timers become the same kind here, so the registry writes them as
   * Prometheus counters, gauges and summaries; any other kind becomes a meter of its
   * measurements.
   */
  private void register(long pid, String role, UserMeters.Meter meter, Values values) {
    Tags tags = tags(pid, role, meter);
    List<String> stats = meter.statistics();
    int count = stats.indexOf(Statistic.COUNT.name());
    int total = stats.indexOf(Statistic.TOTAL_TIME.name());
    int value = stats.indexOf(Statistic.VALUE.name());
    switch (type(meter.kind())) {
      case COUNTER -> {
        if (count >= 0) {
          FunctionCounter.builder(meter.name(), values, v -> v.get(count)).tags(tags)
              .baseUnit(meter.baseUnit()).description(meter.description()).register(registry);
          return;
        }
      }
      case GAUGE -> {
        if (value >= 0) {
          Gauge.builder(meter.name(), values, v -> v.get(value)).tags(tags)
              .baseUnit(meter.baseUnit()).description(meter.description()).register(registry);
          return;
        }
      }
      case TIMER -> {
        if (count >= 0 && total >= 0) {
          // The process's registry (SimpleMeterRegistry) measures time in seconds.
          FunctionTimer.builder(meter.name(), values, v -> (long) v.get(count),
              v -> v.get(total), TimeUnit.SECONDS).tags(tags)
              .description(meter.description()).register(registry);
          return;
        }
      }
      default -> { }
    }
    List<Measurement> measurements = new ArrayList<>();
    for (int i = 0; i < stats.size(); i++) {
      int index = i;
      measurements.add(new Measurement(() -> values.get(index), statistic(stats.get(i))));
    }
    Meter.builder(meter.name(), type(meter.kind()), measurements).tags(tags)
        .baseUnit(meter.baseUnit()).description(meter.description()).register(registry);
  }

  /** The meter's own tags, with the process's {@code pid} and {@code role} (replacing any). */
  private static Tags tags(long pid, String role, UserMeters.Meter meter) {
    Tags tags = Tags.empty();
    for (int i = 0; i + 1 < meter.tags().size(); i += 2) {
      String name = meter.tags().get(i);
      if (!name.equals("pid") && !name.equals("role")) {
        tags = tags.and(name, meter.tags().get(i + 1));
      }
    }
    return tags.and("pid", Long.toString(pid), "role", role);
  }

  private static Statistic statistic(String name) {
    try {
      return Statistic.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Statistic.UNKNOWN;
    }
  }

  private static Meter.Type type(String kind) {
    try {
      return Meter.Type.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Meter.Type.OTHER;
    }
  }
}
