package io.jray.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.store.ObjectStore.Listing;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server over a recorder driven directly: endpoints, paging, errors, and speed at 100k. */
@Timeout(120)
class DashboardServerTest {
  private static final int TASKS = 100_000;
  private static final long DRIVER = 100;
  private static final long WORKER = 201;

  private final TestClock clock = new TestClock();
  private final StateRecorder recorder = new StateRecorder(TASKS, DRIVER, clock);
  private final FakeStore store = new FakeStore();
  private final SessionState state = new SessionState(recorder,
      new ProcessMetrics(Path.of("/nonexistent")), store, 4, () -> null,
      () -> java.util.List.of(new io.jray.state.ResourceUse("CPU", 4, 1.5)));
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private DashboardServer server;

  @BeforeEach
  void start() {
    server = DashboardServer.start("127.0.0.1", 0, state, clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    assertEquals("application/json; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""));
    return response.body();
  }

  private void record100kTasks() {
    recorder.workerStarted(WORKER);
    recorder.workerReady(WORKER);
    for (long i = 1; i <= TASKS + 500; i++) {
      long id = (1L << 40) | i;
      recorder.taskSubmitted(id, "Tasks.add", DRIVER);
      recorder.taskStarted(id, WORKER, 1);
      recorder.taskFinished(id, i % 10 == 0 ? "java.lang.ArithmeticException: / by zero" : null);
    }
    recorder.taskSubmitted((1L << 40) | 999_999, "Tasks.slow", DRIVER);
  }

  @Test
  void aHundredThousandFinishedTasksStayFastToPage() throws Exception {
    record100kTasks();
    String[] paths = {
        "/api/summary",
        "/api/tasks?offset=0&limit=100",
        "/api/tasks?offset=99900&limit=100",
        "/api/tasks?state=failed&offset=9000&limit=100",
        "/api/tasks?state=pending",
        "/api/processes",
    };
    for (String path : paths) {
      json(path); // warm up this path's code
    }
    for (String path : paths) {
      long start = System.nanoTime();
      String body = json(path);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 250, path + " took " + millis + " ms");
      assertTrue(body.length() < 100_000, path + " sent " + body.length() + " chars");
    }
    String summary = json("/api/summary");
    assertTrue(summary.contains("\"tasks\":{\"PENDING\":1,\"RUNNING\":0,\"FINISHED\":90450,"
        + "\"FAILED\":10050}"), summary);
    assertTrue(summary.contains("\"resources\":[{\"name\":\"CPU\",\"capacity\":4"), summary);
    String page = json("/api/tasks?offset=0&limit=2");
    assertTrue(page.startsWith("{\"total\":100001,\"offset\":0,\"limit\":2,\"items\":[{"), page);
    assertTrue(page.contains("\"function\":\"Tasks.slow\",\"state\":\"PENDING\""), page);
    String last = json("/api/tasks?offset=100000&limit=100");
    assertTrue(last.contains("\"taskId\":\"00000100000001f5\""), "the oldest kept: " + last);
    String failed = json("/api/tasks?state=FAILED&limit=1");
    assertTrue(failed.contains("\"error\":\"java.lang.ArithmeticException: / by zero\""), failed);
  }

  @Test
  void servesThePageAndItsFilesFromTheJar() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").get());
    assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
    assertTrue(page.body().contains("id=\"count-FINISHED\""));
    assertEquals(200, get("/app.js").statusCode());
    assertEquals(200, get("/app.css").statusCode());
    assertEquals(200, get("/favicon.svg").statusCode());
    assertTrue(!get("/app.js").body().contains("http://") && !get("/app.js").body().contains("https://"),
        "the page loads nothing from the internet");
  }

  @Test
  void everyListPagesWithATotal() throws Exception {
    recorder.workerStarted(WORKER);
    recorder.workerTagged(WORKER, 2);
    recorder.workerOutput(WORKER, false, "hello \"world\" <b>");
    recorder.workerOutput(WORKER, true, "trouble");
    recorder.actorCreated(5, "com.example.Counter", null);
    recorder.actorState(5, "ALIVE", WORKER);
    store.objects.add(new Listing((2L << 40) | 1, 12, false, (byte) 0));
    store.objects.add(new Listing((1L << 40) | 2, 100_000, true, (byte) 1));

    assertEquals("{\"total\":1,\"offset\":0,\"limit\":100,\"items\":[{\"actorId\":"
        + "\"0000000000000005\",\"className\":\"com.example.Counter\",\"simpleClassName\":\"Counter\","
        + "\"concurrency\":1,\"running\":0,\"waiting\":0,\"name\":null,\"state\":"
        + "\"ALIVE\",\"pid\":201,\"calls\":0,\"createdAt\":" + clock.millis() + "}]}",
        json("/api/actors"));
    String objects = json("/api/objects?offset=1&limit=1");
    assertTrue(objects.startsWith("{\"total\":2,\"offset\":1,\"limit\":1,\"items\":[{\"objectId\":"
        + "\"0000010000000002\",\"sizeBytes\":100000,\"storedIn\":\"FILE\",\"error\":true,"
        + "\"creatorPid\":100,\"task\":null}"), objects);
    assertTrue(json("/api/objects").contains("\"creatorPid\":201"));
    String processes = json("/api/processes?offset=1&limit=5");
    assertTrue(processes.startsWith("{\"total\":2,\"offset\":1,\"limit\":5,\"items\":[{\"pid\":201,"
        + "\"role\":\"ACTOR\""), processes);
    String logs = json("/api/logs?pid=201");
    assertTrue(logs.contains("\"text\":\"hello \\\"world\\\" \\u003cb>\""), logs);
    assertTrue(logs.contains("\"stderr\":true,\"text\":\"trouble\""), logs);
    assertTrue(logs.startsWith("{\"last\":2,"), logs);
    assertEquals("{\"last\":2,\"lines\":[]}", json("/api/logs?pid=201&after=2"));
    assertTrue(json("/api/logs?pid=0&after=1").contains("trouble"));
    assertTrue(json("/api/metrics?since=0").startsWith("{\"now\":"));
  }

  @Test
  void badRequestsAreAnsweredWithAReason() throws Exception {
    HttpResponse<String> response = get("/api/tasks?limit=0");
    assertEquals(400, response.statusCode());
    assertEquals("{\"error\":\"limit must be between 1 and 10000, was 0\"}", response.body());
    assertEquals(400, get("/api/tasks?offset=-1").statusCode());
    assertEquals(400, get("/api/tasks?state=sleeping").statusCode());
    assertEquals(400, get("/api/logs?pid=abc").statusCode());
    assertEquals(404, get("/api/nothing").statusCode());
    assertEquals(404, get("/../../etc/passwd").statusCode());
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/summary"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void onLoopbackItAnswersOnlyToLoopbackNames() throws Exception {
    int port = server.address().getPort();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write(("GET /api/summary HTTP/1.1\r\nHost: evil.example:" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    }
    assertTrue(LoopbackHost.matches("localhost:8265"));
    assertTrue(LoopbackHost.matches("127.0.0.1"));
    assertTrue(LoopbackHost.matches("[::1]:8265"));
    assertTrue(!LoopbackHost.matches("127.0.0.1.evil.example"));
    assertTrue(!LoopbackHost.matches("localhost.evil.example:80"));
  }

  @Test
  void beyondLoopbackEveryPathAsksForTheToken() throws Exception {
    recorder.workerStarted(WORKER);
    recorder.workerOutput(WORKER, false, "a line");
    DashboardServer open = DashboardServer.start("0.0.0.0", 0, state, clock);
    try {
      String token = open.token();
      assertTrue(token != null && token.length() >= 43, String.valueOf(token));
      String base = "http://127.0.0.1:" + open.address().getPort();
      for (String path : new String[] {"/", "/app.js", "/api/summary", "/api/tasks?limit=5",
          "/api/logs?pid=201", "/nothing", "/?token=wrong"}) {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base + path)));
        assertEquals(401, refused.statusCode(), path);
        assertEquals("text/plain; charset=utf-8",
            refused.headers().firstValue("Content-Type").orElse(""), path);
        assertTrue(refused.body().contains("dashboardUrl()"), refused.body());
        assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty(), path);
      }
      HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/?token="
          + token)));
      assertEquals(200, page.statusCode());
      String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      // What the browser sends back: the page's files and polling get in with the cookie alone.
      String sent = cookie.substring(0, cookie.indexOf(';'));
      for (String path : new String[] {"/app.js", "/api/summary", "/api/logs?pid=201"}) {
        HttpResponse<String> in = send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Cookie", sent));
        assertEquals(200, in.statusCode(), path + ": " + in.body());
      }
      assertTrue(send(HttpRequest.newBuilder(URI.create(base + "/api/logs?pid=201&token="
          + token))).body().contains("a line"));
      assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/api/summary"))
          .header("Authorization", "Bearer " + token)).statusCode());
    } finally {
      open.close();
    }
  }

  @Test
  void onLoopbackNoTokenIsAsked() throws Exception {
    assertEquals(null, server.token());
    assertEquals(200, get("/api/summary").statusCode());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTakenPortIsReplacedByAFreeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      DashboardServer other = DashboardServer.start("127.0.0.1", taken.getLocalPort(), state, clock);
      try {
        assertNotEquals(taken.getLocalPort(), other.address().getPort());
        assertTrue(other.address().getAddress().isLoopbackAddress());
      } finally {
        other.close();
      }
    }
  }

  @Test
  void itsThreadsNeverKeepTheJvmAlive() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("HTTP-Dispatcher") || thread.getName().startsWith("jray-")) {
        assertTrue(thread.isDaemon(), thread.getName() + " is not a daemon thread");
      }
    }
  }

  @Test
  void closingStopsServing() throws Exception {
    json("/api/summary");
    server.close();
    assertThrows(ConnectException.class, () -> get("/api/summary"));
  }

}
