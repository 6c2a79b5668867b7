package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Ray.timeline(Path)} and the dashboard's download: the Chrome trace parsed as JSON, its
 * events counted per task and actor call, on the processes that ran them.
 */
@Timeout(180)
class TimelineIT {
  private static final long DRIVER_PID = ProcessHandle.current().pid();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String base;

  @TempDir Path folder;

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
  void everyTaskAndActorCallIsOneCompleteEventOnTheProcessThatRanIt() throws Exception {
    List<ObjectRef<Long>> spins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      spins.add(DashboardTasksRemote.spin(150)); // 4 tasks on 2 CPUs: two of them wait
    }
    List<Long> taskPids = Ray.get(spins);
    Actors_CounterRemote counter = Actors_CounterRemote.create();
    List<ObjectRef<Long>> adds = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      adds.add(counter.add(i));
    }
    assertEquals(List.of(1L, 3L, 6L), Ray.get(adds));
    long actorPid = Ray.get(counter.pid());

    Path file = folder.resolve("trace/timeline.json");
    Ray.timeline(file);
    JsonNode trace = JSON.readTree(Files.readString(file));
    JsonNode events = trace.get("traceEvents");
    assertTrue(events.isArray(), trace.toString());

    List<JsonNode> spinEvents = complete(events, "io.jray.it.DashboardTasks.spin");
    assertEquals(4, spinEvents.size(), "one complete event per task: " + spinEvents);
    for (JsonNode event : spinEvents) {
      assertEquals("task", event.get("cat").asText());
      assertTrue(event.get("dur").asLong() >= 140_000, "ran ~150 ms, in µs: " + event);
      assertTrue(taskPids.contains(event.get("pid").asLong()), event.toString());
      assertTrue(event.get("tid").asLong() > 0, "the worker's thread: " + event);
      assertEquals(DRIVER_PID, event.at("/args/submitted_by_pid").asLong());
      assertEquals("FINISHED", event.at("/args/state").asText());
    }
    long waitedLong = spinEvents.stream()
        .filter(event -> event.at("/args/waited_ms").asDouble() >= 100).count();
    assertTrue(waitedLong >= 2, "two of four waited for a CPU: " + spinEvents);

    List<JsonNode> calls = new ArrayList<>();
    events.forEach(event -> {
      if ("X".equals(event.path("ph").asText()) && "actor_call".equals(event.path("cat").asText())) {
        calls.add(event);
      }
    });
    assertEquals(4, calls.size(), "three adds and the pid call: " + calls);
    for (JsonNode call : calls) {
      assertEquals(actorPid, call.get("pid").asLong(), call.toString());
    }
    assertEquals(3, calls.stream().filter(c -> c.get("name").asText().endsWith("add")).count(),
        calls.toString());

    // Submission and waiting: one async span per task and call, begun on the driver.
    Map<String, Integer> phases = new HashMap<>();
    events.forEach(event -> {
      if ("waiting".equals(event.path("cat").asText())) {
        assertEquals(DRIVER_PID, event.get("pid").asLong(), event.toString());
        phases.merge(event.get("ph").asText(), 1, Integer::sum);
      }
    });
    assertEquals(Map.of("b", 8, "e", 8), phases);

    Map<Long, String> names = new HashMap<>();
    events.forEach(event -> {
      if ("process_name".equals(event.path("name").asText())) {
        names.put(event.get("pid").asLong(), event.at("/args/name").asText());
      }
    });
    assertTrue(names.get(DRIVER_PID).startsWith("driver"), names.toString());
    assertTrue(names.get(actorPid).startsWith("actor Actors$Counter")
        || names.get(actorPid).startsWith("actor Counter"), names.toString());
    for (long pid : taskPids) {
      assertTrue(names.get(pid).startsWith("worker"), names.toString());
    }
  }

  @Test
  void theDashboardOffersTheSameTraceAsADownload() throws Exception {
    Ray.get(DashboardTasksRemote.say("for the download"));
    HttpResponse<String> response = Http.get(base + "/api/timeline");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Disposition").orElse("")
        .matches("attachment; filename=\"jray-timeline-\\d{8}-\\d{6}\\.json\""),
        response.headers().map().toString());
    JsonNode events = JSON.readTree(response.body()).get("traceEvents");
    assertTrue(complete(events, "io.jray.it.DashboardTasks.say").size() >= 1, response.body());
    Set<String> phases = new java.util.TreeSet<>();
    events.forEach(event -> phases.add(event.get("ph").asText()));
    assertEquals(Set.of("M", "X", "b", "e"), phases);
    String page = Http.get(base + "/").body();
    assertTrue(page.contains("href=\"api/timeline\""), "the page links to it");
  }

  private static List<JsonNode> complete(JsonNode events, String name) {
    List<JsonNode> found = new ArrayList<>();
    events.forEach(event -> {
      if ("X".equals(event.path("ph").asText()) && name.equals(event.path("name").asText())) {
        found.add(event);
      }
    });
    return found.stream().collect(Collectors.toList());
  }
}
