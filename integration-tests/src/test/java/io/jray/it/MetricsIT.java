package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's {@code /metrics}, scraped as Prometheus scrapes it: in protobuf, parsed by the
 * Prometheus library's own parser, and in the text format, whose families must be the same.
 * jray's own metrics, and the user's Micrometer meters from tasks and an actor, by process.
 */
@Timeout(180)
class MetricsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String PROTOBUF =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final long DRIVER_PID = ProcessHandle.current().pid();
  private static String base;

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).dashboardPort(0).build());
    base = Ray.state().dashboardUrl().orElseThrow();
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void jraysOwnAndTheUsersMetricsParseWithPrometheusOwnParser() throws Exception {
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      refs.add(MeteredWorkRemote.process(i)); // 21 items in all, over the pool's workers
    }
    Set<Long> workerPids = new HashSet<>(Ray.get(refs));
    MeteredWork_MeterRemote meter = MeteredWork_MeterRemote.create();
    long actorPid = 0;
    for (int i = 0; i < 3; i++) {
      actorPid = Ray.get(meter.handle(20));
    }
    long actor = actorPid;

    Map<String, MetricFamily> families = await(scraped -> {
      MetricFamily items = scraped.get("items_processed_total");
      MetricFamily timer = scraped.get("meter_handle_seconds");
      return items != null && sum(items, m -> true) == 21 && timer != null
          && timer.getMetric(0).getSummary().getSampleCount() == 3;
    });

    MetricFamily items = families.get("items_processed_total");
    assertEquals(MetricType.COUNTER, items.getType());
    Set<Long> reporting = new TreeSet<>();
    for (Metric metric : items.getMetricList()) {
      assertEquals("metrics-it", label(metric, "source"), metric.toString());
      assertEquals("worker", label(metric, "role"), metric.toString());
      reporting.add(Long.parseLong(label(metric, "pid")));
    }
    assertTrue(workerPids.containsAll(reporting) && !reporting.isEmpty(),
        "labelled by the workers that ran the tasks " + workerPids + ": " + reporting);

    MetricFamily timer = families.get("meter_handle_seconds");
    assertEquals(MetricType.SUMMARY, timer.getType());
    Metric calls = timer.getMetric(0);
    assertEquals(Long.toString(actor), label(calls, "pid"));
    assertEquals("actor", label(calls, "role"));
    assertEquals(0.06, calls.getSummary().getSampleSum(), 1e-9);
    MetricFamily depth = families.get("meter_depth");
    assertEquals(MetricType.GAUGE, depth.getType());
    assertEquals(20, depth.getMetric(0).getGauge().getValue());

    MetricFamily tasks = families.get("jray_tasks");
    assertEquals(MetricType.GAUGE, tasks.getType());
    assertEquals(6 + 3, sum(tasks, m -> label(m, "state").equals("finished")),
        "six tasks and three actor calls: " + tasks);
    assertEquals(0, sum(tasks, m -> label(m, "state").equals("failed")));
    assertEquals(2, sum(families.get("jray_cpus"), m -> true));
    assertEquals(1, sum(families.get("jray_actors"), m -> label(m, "state").equals("alive")));
    assertTrue(sum(families.get("jray_workers"), m -> true) >= 3, "two workers and the actor");
    assertTrue(sum(families.get("jray_object_store_capacity_bytes"), m -> true) > 0);
    assertTrue(families.containsKey("jray_object_store_used_bytes"));
    assertTrue(families.containsKey("jray_object_store_spilled_bytes"));
    assertEquals(2, sum(families.get("jray_resource_capacity"),
        m -> label(m, "resource").equals("CPU")));
    MetricFamily memory = families.get("jray_process_resident_memory_bytes");
    assertTrue(sum(memory, m -> label(m, "pid").equals(Long.toString(DRIVER_PID))
        && label(m, "role").equals("driver")) > 10_000_000, memory.toString());
    assertTrue(sum(memory, m -> label(m, "pid").equals(Long.toString(actor))) > 0,
        memory.toString());
    assertTrue(families.containsKey("jray_process_cpu_percent"), families.keySet().toString());

    // The text format, as a browser or curl gets it: the same families, in Prometheus' format.
    HttpResponse<String> text = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, text.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8",
        text.headers().firstValue("Content-Type").orElse(""));
    Set<String> typed = new TreeSet<>();
    Matcher type = Pattern.compile("(?m)^# TYPE (\\w+) (\\w+)$").matcher(text.body());
    while (type.find()) {
      typed.add(type.group(1));
    }
    Set<String> parsed = new TreeSet<>(scrape().keySet());
    assertTrue(typed.containsAll(parsed) && parsed.containsAll(typed),
        "text " + typed + " vs protobuf " + parsed);
  }

  private static Map<String, MetricFamily> await(Predicate<Map<String, MetricFamily>> check)
      throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    Map<String, MetricFamily> families = scrape();
    while (!check.test(families)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("after " + DEADLINE.toSeconds() + " s /metrics has "
            + families.keySet() + ": " + families.get("items_processed_total"));
      }
      Thread.sleep(200);
      families = scrape();
    }
    return families;
  }

  /** One protobuf scrape, parsed with the Prometheus library's generated parser. */
  private static Map<String, MetricFamily> scrape() throws Exception {
    HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(
        URI.create(base + "/metrics")).header("Accept", PROTOBUF).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/vnd.google.protobuf"), response.headers().map().toString());
    Map<String, MetricFamily> families = new LinkedHashMap<>();
    try (InputStream in = new ByteArrayInputStream(response.body())) {
      MetricFamily family;
      while ((family = MetricFamily.parseDelimitedFrom(in)) != null) {
        families.put(family.getName(), family);
      }
    }
    return families;
  }

  private static double sum(MetricFamily family, Predicate<Metric> which) {
    double total = 0;
    for (Metric metric : family.getMetricList()) {
      if (which.test(metric)) {
        total += metric.hasCounter() ? metric.getCounter().getValue()
            : metric.getGauge().getValue();
      }
    }
    return total;
  }

  private static String label(Metric metric, String name) {
    return metric.getLabelList().stream().filter(label -> label.getName().equals(name))
        .map(label -> label.getValue()).findFirst().orElse("");
  }
}
