package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskFailedException;
import io.jray.state.TaskState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jray status}, {@code list}, {@code logs} and {@code timeline}, each run as a user runs
 * it: a separate JVM against this test's live session, through its dashboard.
 */
@Timeout(240)
class CommandLineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String dashboard;
  private static long sayPid;

  @TempDir Path folder;

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).dashboardPort(0).build());
    dashboard = Ray.state().dashboardUrl().orElseThrow();
    List<ObjectRef<Long>> spins = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      spins.add(DashboardTasksRemote.spin(10));
    }
    Ray.get(spins);
    sayPid = Ray.get(DashboardTasksRemote.say("a line for jray logs"));
    ObjectRef<Long> failing = TasksRemote.failWithOrder(7);
    assertThrows(TaskFailedException.class, () -> Ray.get(failing));
    Actors_CounterRemote counter = Actors_CounterRemote.options().name("cli-counter").create();
    Ray.get(counter.add(1));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void statusShowsResourcesBusyCpusTheStoreAndTasksByState() throws Exception {
    JvmProcess.Result status = jray("status", "--dashboard", dashboard);
    assertEquals(0, status.exitCode(), status.output());
    String out = status.output();
    assertTrue(out.contains("Session at " + dashboard.replaceAll("/$", "")), out);
    assertTrue(out.matches("(?s).*\\n  CPU +[0-9.]+ / 2\\n.*"), out);
    assertTrue(out.contains("of 2; worker and actor processes: "), out);
    assertTrue(out.matches("(?s).*Object store: .* of .* in \\d+ objects.*"), out);
    long finished = Ray.state().summary().tasks().get(TaskState.FINISHED);
    assertTrue(out.contains("Tasks: 0 pending, 0 running, " + finished + " finished, 1 failed"),
        out);
    assertTrue(out.contains("Actors: 1 ALIVE"), out);

    // Without --dashboard it finds a live session of this user on this machine by itself.
    JvmProcess.Result found = jray("status");
    assertEquals(0, found.exitCode(), found.output());
    assertTrue(found.output().contains("Session at http://127.0.0.1:"), found.output());
  }

  @Test
  void listFiltersByStateLimitsAndPrintsJsonOrATable() throws Exception {
    JvmProcess.Result failed = jray("list", "tasks", "--state", "failed", "--format", "json",
        "--dashboard", dashboard);
    assertEquals(0, failed.exitCode(), failed.output());
    JsonNode page = JSON.readTree(failed.output());
    assertEquals(1, page.get("total").asInt(), failed.output());
    assertEquals("io.jray.it.Tasks.failWithOrder", page.at("/items/0/function").asText());
    assertTrue(page.at("/items/0/error").asText().contains("OrderException"), failed.output());

    JvmProcess.Result limited = jray("list", "tasks", "--limit", "2", "--format", "json",
        "--dashboard", dashboard);
    assertEquals(0, limited.exitCode(), limited.output());
    JsonNode two = JSON.readTree(limited.output());
    assertEquals(2, two.get("items").size());
    long total = Ray.state().tasks(0, 1).total();
    assertEquals(total, two.get("total").asLong(), limited.output());

    JvmProcess.Result actors = jray("list", "actors", "--dashboard", dashboard);
    assertEquals(0, actors.exitCode(), actors.output());
    List<String> lines = actors.output().lines().toList();
    assertTrue(lines.get(0).matches("ACTOR_ID +CLASS_NAME +NAME +STATE +PID +CALLS"), lines.get(0));
    assertTrue(lines.get(1).matches("[0-9a-f]{16} +io\\.jray\\.it\\.Actors\\.Counter +cli-counter"
        + " +ALIVE +\\d+ +1"), lines.get(1));
    assertEquals("1 of 1 actors", lines.get(2));

    JvmProcess.Result nodes = jray("list", "nodes", "--format", "table", "--dashboard", dashboard);
    assertEquals(0, nodes.exitCode(), nodes.output());
    assertTrue(nodes.output().matches("(?s)NODE_ID +ADDRESS +ALIVE +RESOURCES\\n"
        + "\\S+ +127\\.0\\.0\\.1 +true +.*CPU=2.*\\n1 of 1 nodes\\n"), nodes.output());

    JvmProcess.Result objects = jray("list", "objects", "--limit", "1", "--dashboard", dashboard);
    assertEquals(0, objects.exitCode(), objects.output());
    assertTrue(objects.output().startsWith("OBJECT_ID"), objects.output());

    JvmProcess.Result wrong = jray("list", "actors", "--state", "running", "--dashboard",
        dashboard);
    assertEquals(1, wrong.exitCode(), wrong.output());
    assertTrue(wrong.output().contains("--state filters tasks only"), wrong.output());
  }

  @Test
  void logsPrintsAProcesssLinesAndFollowsNewOnes() throws Exception {
    JvmProcess.Result logs = jray("logs", Long.toString(sayPid), "--dashboard", dashboard);
    assertEquals(0, logs.exitCode(), logs.output());
    assertTrue(logs.output().contains("a line for jray logs"), logs.output());

    List<String> command = new ArrayList<>(List.of(JvmProcess.java().toString()));
    command.addAll(JvmProcess.jrayFlags());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.jray.cli.Jray",
        "logs", "0", "--follow", "--dashboard", dashboard));
    Process follow = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    Thread reader = new Thread(() -> copy(follow.getInputStream(), seen));
    reader.start();
    try {
      long pid = Ray.get(DashboardTasksRemote.say("printed while jray logs follows"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String expected = "(pid=" + pid + ") printed while jray logs follows";
      while (!text(seen).contains(expected)) {
        assertTrue(follow.isAlive(), "--follow keeps running: " + text(seen));
        assertTrue(System.nanoTime() < deadline, "not followed within 30 s: " + text(seen));
        Thread.sleep(100);
      }
    } finally {
      follow.destroyForcibly();
      follow.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
    }
  }

  @Test
  void timelineWritesTheSessionsChromeTrace() throws Exception {
    Path file = folder.resolve("trace.json");
    JvmProcess.Result run = jray("timeline", file.toString(), "--dashboard", dashboard);
    assertEquals(0, run.exitCode(), run.output());
    JsonNode events = JSON.readTree(Files.readString(file)).get("traceEvents");
    int spins = 0;
    for (JsonNode event : events) {
      if ("X".equals(event.path("ph").asText())
          && "io.jray.it.DashboardTasks.spin".equals(event.path("name").asText())) {
        spins++;
      }
    }
    assertEquals(3, spins, events.toString());
  }

  private static JvmProcess.Result jray(String... args) throws IOException, InterruptedException {
    return JvmProcess.runMain(JvmProcess.jrayFlags(), "io.jray.cli.Jray", args);
  }

  private static void copy(InputStream in, StringBuilder into) {
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (into) {
          into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException ended) {
      // the process was ended
    }
  }

  private static String text(StringBuilder seen) {
    synchronized (seen) {
      return seen.toString();
    }
  }
}
