package io.jray.internal.metrics;

import io.jray.internal.protocol.ToDriver.UserMeters;
import io.jray.state.ClusterSummary;
import io.jray.state.ProcessInfo;
import io.jray.state.RayState;
import io.jray.state.ResourceUse;
import io.jray.state.TaskState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The session's metrics in Micrometer's Prometheus registry, for the dashboard's {@code
 * /metrics}: jray's own ({@code jray_}: tasks by state, actors by state, CPUs and resources,
 * workers, the object store, CPU and memory per process), read from the state API when scraped,
 * and the user's own meters that workers and actors report ({@link UserMeterReporter}), each
 * labelled with the process ({@code pid}, {@code role}). The library writes the format: the text
 * format by default, OpenMetrics or protobuf as the scraper's {@code Accept} asks.
 */
public final class SessionMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RayState state;
  private final LongSupplier spilledBytes;
  private final UserMeterTable userMeters;
  private final MultiGauge actors;
  private final MultiGauge resourceCapacity;
  private final MultiGauge resourceUsed;
  private final MultiGauge processCpu;
  private final MultiGauge processMemory;
  /** What the gauges read: one summary per scrape. */
  private volatile ClusterSummary summary;

  public SessionMetrics(RayState state, LongSupplier spilledBytes) {
    this.state = state;
    this.spilledBytes = spilledBytes;
    this.userMeters = new UserMeterTable(registry);
    this.summary = state.summary();
    for (TaskState taskState : TaskState.values()) {
      Gauge.builder("jray.tasks", () -> summary.tasks().getOrDefault(taskState, 0L))
          .description("Tasks and actor calls by state (finished and failed: since the start)")
          .tag("state", taskState.name().toLowerCase(Locale.ROOT)).register(registry);
    }
    Gauge.builder("jray.cpus", () -> summary.numCpus())
        .description("CPUs of this node: how many tasks run at once").register(registry);
    Gauge.builder("jray.cpus.busy", () -> summary.busyCpus())
        .description("CPUs running a task now").register(registry);
    Gauge.builder("jray.workers", () -> summary.workers())
        .description("Worker and actor processes alive").register(registry);
    Gauge.builder("jray.object.store.used", () -> summary.storeUsedBytes()).baseUnit("bytes")
        .description("Bytes of values in the object store").register(registry);
    Gauge.builder("jray.object.store.capacity", () -> summary.storeCapacityBytes())
        .baseUnit("bytes").description("The object store's capacity").register(registry);
    Gauge.builder("jray.object.store.objects", () -> summary.storeObjects())
        .description("Objects in the object store").register(registry);
    Gauge.builder("jray.object.store.spilled", spilledBytes::getAsLong).baseUnit("bytes")
        .description("Bytes of objects spilled to disk").register(registry);
    this.actors = MultiGauge.builder("jray.actors").description("Actors by state")
        .register(registry);
    this.resourceCapacity = MultiGauge.builder("jray.resource.capacity")
        .description("Capacity of each resource of this node").register(registry);
    this.resourceUsed = MultiGauge.builder("jray.resource.used")
        .description("What running tasks and live actors hold of each resource")
        .register(registry);
    this.processCpu = MultiGauge.builder("jray.process.cpu.percent")
        .description("CPU use of each process over the last second, in percent of one core")
        .register(registry);
    this.processMemory = MultiGauge.builder("jray.process.resident.memory").baseUnit("bytes")
        .description("Resident memory (RSS) of each process").register(registry);
  }

  /** The meters a worker or actor's process reported; replaces what it reported before. */
  public void userMeters(long pid, boolean actor, List<UserMeters.Meter> meters) {
    userMeters.update(pid, actor ? "actor" : "worker", meters);
  }

  /**
   * Writes every metric, as of now, in the format that {@code accept} asks for (the text format
   * if it asks for none the library knows); returns the content type written.
   */
  public synchronized String scrape(String accept, OutputStream out) throws IOException {
    refresh();
    String type = contentType(accept);
    registry.scrape(out, type);
    return type;
  }

  private void refresh() {
    summary = state.summary();
    List<MultiGauge.Row<?>> actorRows = new ArrayList<>();
    for (Map.Entry<String, Long> entry : summary.actors().entrySet()) {
      actorRows.add(MultiGauge.Row.of(Tags.of("state", entry.getKey().toLowerCase(Locale.ROOT)),
          entry.getValue()));
    }
    actors.register(actorRows, true);
    List<MultiGauge.Row<?>> capacity = new ArrayList<>();
    List<MultiGauge.Row<?>> used = new ArrayList<>();
    for (ResourceUse use : state.resources()) {
      capacity.add(MultiGauge.Row.of(Tags.of("resource", use.name()), use.capacity()));
      used.add(MultiGauge.Row.of(Tags.of("resource", use.name()), use.used()));
    }
    resourceCapacity.register(capacity, true);
    resourceUsed.register(used, true);
    List<MultiGauge.Row<?>> cpu = new ArrayList<>();
    List<MultiGauge.Row<?>> memory = new ArrayList<>();
    for (ProcessInfo process : state.processes()) {
      if (process.state() == ProcessInfo.State.EXITED) {
        continue;
      }
      Tags tags = Tags.of("pid", Long.toString(process.pid()),
          "role", process.role().name().toLowerCase(Locale.ROOT));
      if (process.cpuPercent() >= 0) {
        cpu.add(MultiGauge.Row.of(tags, process.cpuPercent()));
      }
      if (process.rssBytes() >= 0) {
        memory.add(MultiGauge.Row.of(tags, process.rssBytes()));
      }
    }
    processCpu.register(cpu, true);
    processMemory.register(memory, true);
  }

  /** The library's content types: protobuf or OpenMetrics if asked for, else the text format. */
  static String contentType(String accept) {
    if (accept != null && accept.contains("application/vnd.google.protobuf")) {
      return "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
          + " encoding=delimited";
    }
    if (accept != null && accept.contains("application/openmetrics-text")) {
      return "application/openmetrics-text; version=1.0.0; charset=utf-8";
    }
    return "text/plain; version=0.0.4; charset=utf-8";
  }
}
