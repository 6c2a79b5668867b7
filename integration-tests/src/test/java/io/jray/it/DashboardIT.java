package io.jray.it;

import static io.jray.it.Http.await;
import static io.jray.it.Http.items;
import static io.jray.it.Http.json;
import static io.jray.it.Http.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskFailedException;
import io.jray.state.ClusterSummary;
import io.jray.state.ObjectInfo;
import io.jray.state.ProcessInfo;
import io.jray.state.RayState;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every dashboard endpoint while real tasks run on real workers, and the state API beside it. */
@Timeout(180)
class DashboardIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
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
  void tasksAndWorkersShowWhatRunsNow() throws Exception {
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refs.add(DashboardTasksRemote.spin(2500));
    }
    String running = await(base + "/api/tasks?state=running", DEADLINE,
        body -> number(body, "total") == 2);
    for (String task : items(running)) {
      assertTrue(task.contains("\"function\":\"io.jray.it.DashboardTasks.spin\""), task);
      assertTrue(number(task, "workerPid") > 0, task);
      assertEquals(1, number(task, "attempts"), task);
    }
    String pending = json(base + "/api/tasks?state=pending");
    assertEquals(1, number(pending, "total"), "the third waits for a CPU: " + pending);

    String summary = json(base + "/api/summary");
    assertEquals(2, number(summary, "numCpus"), summary);
    assertEquals(2, number(summary, "busyCpus"), summary);
    assertEquals(2, number(summary, "RUNNING"), summary);

    String processes = await(base + "/api/processes", DEADLINE, body -> items(body).stream()
        .filter(p -> p.contains("\"state\":\"BUSY\"")).allMatch(p -> number(p, "rssBytes") > 0)
        && body.contains("\"state\":\"BUSY\""));
    List<String> busy = items(processes).stream()
        .filter(p -> p.contains("\"state\":\"BUSY\"")).toList();
    assertEquals(2, busy.size(), processes);
    for (String worker : busy) {
      assertTrue(worker.contains("\"role\":\"WORKER\""), worker);
      assertTrue(worker.contains("\"function\":\"io.jray.it.DashboardTasks.spin\""), worker);
    }
    assertTrue(items(processes).get(0).contains("\"pid\":" + DRIVER_PID + ",\"role\":\"DRIVER\""),
        processes);

    long finishedBefore = Ray.state().summary().tasks().get(TaskState.FINISHED);
    Ray.get(refs);
    String after = json(base + "/api/summary");
    assertTrue(number(after, "FINISHED") >= finishedBefore + 3, after);
    TaskInfo task = Ray.state().task(refs.get(0)).orElseThrow();
    assertEquals(TaskState.FINISHED, task.state());
    assertTrue(Duration.between(task.startedAt(), task.endedAt()).toMillis() >= 2500, task.toString());
  }

  @Test
  void aFailedTaskShowsItsError() throws Exception {
    ObjectRef<Long> ref = TasksRemote.failWithOrder(7);
    assertThrows(TaskFailedException.class, () -> Ray.get(ref));
    String failed = json(base + "/api/tasks?state=failed&limit=10000");
    String task = items(failed).stream().filter(t -> t.contains(idOf(ref)))
        .findFirst().orElseThrow(() -> new AssertionError(ref + " not in " + failed));
    assertTrue(task.contains("\"state\":\"FAILED\""), task);
    assertTrue(task.contains("OrderException: order 7 was rejected"), task);
    assertTrue(Ray.state().summary().tasks().get(TaskState.FAILED) >= 1);
  }

  @Test
  void objectsNameWhereTheyLiveAndWhoMadeThem() throws Exception {
    ObjectRef<byte[]> big = Ray.put(new byte[200_000]);
    ObjectRef<Long> said = DashboardTasksRemote.say("an object's maker");
    long workerPid = Ray.get(said);
    String bigId = idOf(big);
    String saidId = idOf(said);

    String objects = json(base + "/api/objects?limit=10000");
    assertEquals(Ray.state().summary().storeObjects(), number(objects, "total"), objects);
    String bigObject = find(items(objects), bigId, objects);
    assertTrue(bigObject.contains("\"storedIn\":\"FILE\""), bigObject);
    assertTrue(number(bigObject, "sizeBytes") >= 200_000, bigObject);
    assertEquals(DRIVER_PID, number(bigObject, "creatorPid"), bigObject);
    assertTrue(bigObject.contains("\"task\":null"), bigObject);
    // A small result of the driver's own call lives in the driver's memory (see OwnedValues).
    String result = find(items(objects), saidId, objects);
    assertTrue(result.contains("\"storedIn\":\"DRIVER\""), result);
    assertEquals(workerPid, number(result, "creatorPid"), result);
    assertTrue(result.contains("\"task\":\"io.jray.it.DashboardTasks.say\""), result);

    String firstTwo = json(base + "/api/objects?offset=0&limit=2");
    assertEquals(2, items(firstTwo).size(), firstTwo);
    List<ObjectInfo> page = Ray.state().objects(0, RayState.MAX_LIMIT).items();
    assertTrue(page.stream().anyMatch(o -> o.objectId().equals(bigId)
        && o.storedIn() == ObjectInfo.StoredIn.FILE && o.creatorPid() == DRIVER_PID));
  }

  @Test
  void eachWorkersOutputIsKeptAndFollowed() throws Exception {
    long pid = Ray.get(DashboardTasksRemote.say("dashboard-it first line"));
    String logs = await(base + "/api/logs?pid=" + pid, DEADLINE,
        body -> body.contains("dashboard-it first line"));
    long last = number(logs, "last");
    long errPid = Ray.get(DashboardTasksRemote.shout("dashboard-it on stderr"));
    String tail = await(base + "/api/logs?pid=0&after=" + last, DEADLINE,
        body -> body.contains("dashboard-it on stderr"));
    assertTrue(tail.contains("\"pid\":" + errPid + ","), tail);
    assertTrue(tail.contains("\"stderr\":true,\"text\":\"dashboard-it on stderr\""), tail);
    assertTrue(!tail.contains("dashboard-it first line"), "only lines after " + last + ": " + tail);
    assertTrue(Ray.state().logs(pid, -1, 100).stream()
        .anyMatch(line -> line.text().equals("dashboard-it first line") && !line.stderr()));
  }

  @Test
  void cpuAndMemoryOfEveryProcessAreSampled() throws Exception {
    String metrics = await(base + "/api/metrics?since=0", DEADLINE, body -> {
      for (ProcessInfo process : Ray.state().processes()) {
        if (process.state() != ProcessInfo.State.EXITED
            && !body.contains("{\"pid\":" + process.pid() + ",\"samples\":[[")) {
          return false;
        }
      }
      return true;
    });
    assertTrue(metrics.contains("\"windowMs\":300000"), metrics);
    for (ProcessInfo process : Ray.state().processes()) {
      if (process.state() != ProcessInfo.State.EXITED) {
        assertTrue(process.rssBytes() > 0, process.toString());
      }
    }
  }

  @Test
  void theStateApiSumsUpTheSession() {
    ClusterSummary summary = Ray.state().summary();
    assertEquals(2, summary.numCpus());
    assertTrue(summary.workers() >= 2, summary.toString());
    assertTrue(summary.storeCapacityBytes() > 0, summary.toString());
    assertEquals(base, Ray.state().dashboardUrl().orElseThrow());
    assertTrue(base.startsWith("http://127.0.0.1:"), base);
    assertTrue(Ray.state().task(Ray.put("not a task")).isEmpty());
  }

  @Test
  void actorsEndpointAnswersAndThePageIsServed() throws Exception {
    String actors = json(base + "/api/actors");
    assertTrue(actors.startsWith("{\"total\":"), actors);
    HttpResponse<String> page = Http.get(base + "/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("jray dashboard"), page.body());
    assertEquals(200, Http.get(base + "/app.js").statusCode());
    assertEquals(400, Http.get(base + "/api/tasks?limit=-5").statusCode());
  }

  @Test
  void anActorIsListedWithItsProcessAndCalls() throws Exception {
    PageCounterRemote counter = PageCounterRemote.create();
    long actorPid = Ray.get(counter.pid());
    Ray.get(counter.increment());
    String actors = await(base + "/api/actors", DEADLINE,
        body -> body.contains("\"className\":\"io.jray.it.PageCounter\"")
            && body.contains("\"state\":\"ALIVE\",\"pid\":" + actorPid + ",\"calls\":2"));
    assertTrue(number(actors, "total") >= 1, actors);
    String processes = json(base + "/api/processes");
    assertTrue(processes.contains("\"pid\":" + actorPid + ",\"role\":\"ACTOR\""), processes);
    assertTrue(Ray.state().summary().actors().getOrDefault("ALIVE", 0L) >= 1);
  }

  private static String idOf(ObjectRef<?> ref) {
    String printed = ref.toString(); // ObjectRef(<16 hex digits>)
    return printed.substring("ObjectRef(".length(), printed.length() - 1);
  }

  private static String find(List<String> items, String id, String all) {
    return items.stream().filter(item -> item.contains("\"" + id + "\"")).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not listed in " + all));
  }
}
