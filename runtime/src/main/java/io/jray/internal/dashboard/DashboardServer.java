package io.jray.internal.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jray.internal.Log;
import io.jray.state.ActorInfo;
import io.jray.state.RayState;
import io.jray.state.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP server (the JDK's own): the page and its files from the jar, and a JSON
 * endpoint per list of the state API. Its threads are daemons, so a program that forgets
 * {@code Ray.shutdown()} still exits. Every request passes {@link Access} first: on loopback a
 * Host check, beyond it the session's token.
 */
final class DashboardServer implements AutoCloseable {
  private static final String WEB = "/io/jray/internal/dashboard/web/";
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/index.html", "index.html",
      "/app.js", "app.js",
      "/app.css", "app.css",
      "/favicon.svg", "favicon.svg");

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor;
  private final RayState state;
  private final Clock clock;
  private final Access access;
  private final Exports exports;

  private DashboardServer(HttpServer server, RayState state, Exports exports, Clock clock,
      Access access) {
    this.server = server;
    this.exports = exports;
    this.state = state;
    this.clock = clock;
    this.access = access;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, "jray-dashboard-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Serves state on host:port; a port in use is said and replaced by a free one, port 0 picks
   * one. Throws UncheckedIOException if the host cannot be bound at all.
   */
  static DashboardServer start(String host, int port, RayState state, Clock clock) {
    return start(host, port, state, Exports.NONE, clock);
  }

  /** As {@link #start(String, int, RayState, Clock)}, and serves the session's exports. */
  static DashboardServer start(String host, int port, RayState state, Exports exports,
      Clock clock) {
    HttpServer server;
    try {
      InetAddress address = InetAddress.getByName(host);
      try {
        server = HttpServer.create(new InetSocketAddress(address, port), 50);
      } catch (BindException inUse) {
        if (port == 0) {
          throw inUse;
        }
        server = HttpServer.create(new InetSocketAddress(address, 0), 50);
        Log.warn("Port {} on {} is in use (another jray or Ray session?): the dashboard uses port"
            + " {} instead. Pick one with RayConfig.builder().dashboardPort(...).", port, host,
            server.getAddress().getPort());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve the dashboard on " + host + ":" + port, e);
    }
    InetSocketAddress bound = server.getAddress();
    Access access = bound.getAddress().isLoopbackAddress() ? Access.loopback(bound.getPort())
        : Access.withNewToken(bound.getPort());
    DashboardServer dashboard = new DashboardServer(server, state, exports, clock,
        access);
    // HttpServer's dispatcher thread inherits daemon status from the thread that starts it.
    Thread starter = new Thread(server::start, "jray-dashboard-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return dashboard;
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  /** The token every request must carry, or null on loopback, where none is asked. */
  String token() {
    return access.token();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!admitted(exchange)) {
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "application/json", error("only GET is served"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Query query = new Query(exchange.getRequestURI().getRawQuery());
      try {
        if (path.equals("/api/timeline")) {
          sendTimeline(exchange);
          return;
        }
        if (path.equals("/api/nodes") && exports.nodes() != null) {
          send(exchange, 200, "application/json", exports.nodes());
          return;
        }
        if (path.equals("/metrics")) {
          sendMetrics(exchange);
          return;
        }
        String json = api(path, query);
        if (json != null) {
          send(exchange, 200, "application/json", json);
        } else if (FILES.containsKey(path)) {
          sendFile(exchange, FILES.get(path));
        } else {
          send(exchange, 404, "application/json", error("no such page: " + path));
        }
      } catch (IllegalArgumentException e) {
        send(exchange, 400, "application/json", error(e.getMessage()));
      } catch (RuntimeException e) {
        Log.debug("Dashboard request {} failed: {}", path, e.toString());
        send(exchange, 500, "application/json", error(e.toString()));
      }
    }
  }

  /** Whether {@link Access} lets the request in; if not, answers it with 401 or 403. */
  private boolean admitted(HttpExchange exchange) throws IOException {
    Headers headers = exchange.getRequestHeaders();
    String queryToken;
    try {
      queryToken = new Query(exchange.getRequestURI().getRawQuery()).text(Access.TOKEN_PARAM);
    } catch (IllegalArgumentException malformed) {
      queryToken = null; // a query that does not decode carries no token
    }
    switch (access.check(headers.getFirst("Host"), queryToken, headers.get("Cookie"),
        headers.getFirst("Authorization"))) {
      case ALLOW:
        return true;
      case ALLOW_AND_SET_COOKIE:
        exchange.getResponseHeaders().add("Set-Cookie", access.setCookie());
        return true;
      case FOREIGN_HOST:
        send(exchange, 403, "application/json", error(Access.FOREIGN_HOST_TEXT));
        return false;
      default:
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jray dashboard\"");
        send(exchange, 401, "text/plain; charset=utf-8", Access.UNAUTHORIZED_TEXT);
        return false;
    }
  }

  /** The JSON for an API path, or null if path is not one. */
  private String api(String path, Query query) {
    Instant now = clock.instant();
    return switch (path) {
      case "/api/summary" -> JsonViews.summary(state.summary(), state.resources(), now);
      case "/api/tasks" -> JsonViews.page(
          state.tasks(taskState(query.text("state")), query.offset(), query.limit()),
          JsonViews::task);
      case "/api/actors" -> JsonViews.page(state.actors(query.offset(), query.limit()),
          JsonViews::actor);
      case "/api/objects" -> JsonViews.page(state.objects(query.offset(), query.limit()),
          JsonViews::object);
      case "/api/processes" -> {
        Map<String, String> classes = actorClasses();
        yield JsonViews.page(Pages.of(state.processes(), query.offset(), query.limit()),
            (json, process) -> JsonViews.process(json, process,
                process.actorId() == null ? null : classes.get(process.actorId())));
      }
      case "/api/logs" -> JsonViews.logs(state.logs(query.number("pid", 0),
          query.number("after", -1), query.limit(500)), query.number("after", -1));
      case "/api/metrics" -> JsonViews.metrics(state.resourceHistory(
          Instant.ofEpochMilli(query.number("since", 0))), now);
      default -> null;
    };
  }

  /** The timeline, as a download (chrome://tracing and Perfetto open it from a file). */
  private void sendTimeline(HttpExchange exchange) throws IOException {
    String trace = exports.timeline();
    if (trace == null) {
      send(exchange, 404, "application/json", error("this session keeps no timeline"));
      return;
    }
    String name = "jray-timeline-" + TIMESTAMP.format(clock.instant()) + ".json";
    exchange.getResponseHeaders().set("Content-Disposition",
        "attachment; filename=\"" + name + "\"");
    send(exchange, 200, "application/json", trace);
  }

  /** Prometheus' scrape: the format its Accept header asks for, the text format by default. */
  private void sendMetrics(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    String type = exports.metrics(exchange.getRequestHeaders().getFirst("Accept"), body);
    if (type == null) {
      send(exchange, 404, "application/json", error("this session keeps no metrics"));
      return;
    }
    send(exchange, 200, type, body.toByteArray());
  }

  /** Each actor's class, by its id: the pages name an actor's process by its class. */
  private Map<String, String> actorClasses() {
    Map<String, String> classes = new HashMap<>();
    for (ActorInfo actor : state.actors(0, RayState.MAX_LIMIT).items()) {
      classes.put(actor.actorId(), actor.className());
    }
    return classes;
  }

  private static TaskState taskState(String name) {
    if (name == null || name.isEmpty() || name.equalsIgnoreCase("all")) {
      return null;
    }
    try {
      return TaskState.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("state must be one of pending, running, finished,"
          + " failed, all; was " + name);
    }
  }

  private static String error(String message) {
    return new Json().beginObject().field("error", message).endObject().toString();
  }

  private static void sendFile(HttpExchange exchange, String name) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(WEB + name)) {
      if (in == null) {
        send(exchange, 404, "application/json", error("missing resource " + name));
        return;
      }
      String type = name.endsWith(".html") ? "text/html; charset=utf-8"
          : name.endsWith(".js") ? "text/javascript; charset=utf-8"
          : name.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
      send(exchange, 200, type, in.readAllBytes());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    send(exchange, status, type.contains("charset") ? type : type + "; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
