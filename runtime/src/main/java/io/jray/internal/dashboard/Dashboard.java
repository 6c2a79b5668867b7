package io.jray.internal.dashboard;

import io.jray.NodeInfo;
import io.jray.RayConfig;
import io.jray.internal.Log;
import io.jray.internal.metrics.SessionMetrics;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.store.ObjectStore;
import io.jray.state.RayState;
import io.jray.state.ResourceUse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The driver's state service: the {@link RayState} over the recorder, the sampler thread that
 * measures every process each second, and the web server, if the config turns it on. It owns
 * the thread and the server, and {@link #close()} stops both.
 */
public final class Dashboard implements AutoCloseable {
  private final SessionState state;
  private final StoreView storeView;
  /** Made at the first scrape or user meter (see metrics()). */
  private SessionMetrics metrics;
  private final Supplier<List<NodeStatus>> nodes;
  private final ScheduledExecutorService sampler;
  private volatile DashboardServer server;
  private volatile String url;

  private Dashboard(RayConfig config, StateRecorder recorder, ObjectStore store,
      KeptObjects kept, Supplier<Map<String, double[]>> resourceUse,
      Supplier<List<NodeStatus>> nodes, Supplier<Map<Long, ActorLoad>> actorLoads) {
    this.nodes = nodes;
    this.storeView = StoreView.of(store, kept);
    this.state = new SessionState(recorder, new ProcessMetrics(Path.of("/proc")),
        storeView, config.numCpus(), () -> url, () -> uses(resourceUse.get()), actorLoads);
    this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "jray-state-sampler");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts sampling and, unless the config turns it off, the web server; logs its address once.
   * A dashboard that cannot start is logged and left out: the session runs without it.
   */
  /**
   * {@code kept}: the objects the driver keeps in its memory; {@code resourceUse}: per resource
   * of the node, {capacity, in use now}; {@code nodes}: the session's nodes; {@code actorLoads}:
   * how busy each actor is.
   */
  public static Dashboard start(RayConfig config, StateRecorder recorder, ObjectStore store,
      KeptObjects kept, Supplier<Map<String, double[]>> resourceUse,
      Supplier<List<NodeStatus>> nodes, Supplier<Map<Long, ActorLoad>> actorLoads) {
    Dashboard dashboard = new Dashboard(config, recorder, store, kept, resourceUse, nodes,
        actorLoads);
    dashboard.sampler.scheduleAtFixedRate(dashboard::sample, 0, 1, TimeUnit.SECONDS);
    if (config.includeDashboard()) {
      try {
        dashboard.server = DashboardServer.start(config.dashboardHost(), config.dashboardPort(),
            dashboard.state, dashboard.exports(), Clock.systemUTC());
        dashboard.url = url(dashboard.server.address(), dashboard.server.token());
        Log.info("View the dashboard at {}", dashboard.url);
      } catch (UncheckedIOException e) {
        Log.warn("The dashboard did not start ({}); jray runs without it.",
            e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause());
      }
    }
    return dashboard;
  }

  private void sample() {
    try {
      state.sample();
    } catch (RuntimeException e) {
      Log.debug("Sampling the processes failed: {}", e.toString());
    }
  }

  public RayState state() {
    return state;
  }

  /** Where the dashboard is (with its token, if it asks for one); empty if it is off. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The meters a worker (or an actor's process) reported, for /metrics. */
  public void userMeters(long pid, boolean actor, List<ToDriver.UserMeters.Meter> meters) {
    metrics().userMeters(pid, actor, meters);
  }

  /**
   * The session's metrics, made when first needed: Micrometer's and Prometheus's classes cost a
   * driver's start some 130 classes and 40 lambdas to load, on the path to the first task, and
   * most sessions are never scraped. The gauges read the state API when scraped, so nothing is
   * missed before.
   */
  private synchronized SessionMetrics metrics() {
    if (metrics == null) {
      metrics = new SessionMetrics(state, storeView::spilledBytes);
    }
    return metrics;
  }

  private Exports exports() {
    return new Exports() {
      @Override
      public String timeline() {
        return state.timeline();
      }

      @Override
      public String metrics(String accept, OutputStream out) throws IOException {
        return Dashboard.this.metrics().scrape(accept, out);
      }

      @Override
      public String nodes() {
        return JsonViews.nodes(nodes.get());
      }
    };
  }

  /** Writes the timeline (a Chrome trace) to file, replacing it. */
  public void writeTimeline(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, state.timeline(), StandardCharsets.UTF_8);
  }

  /** Where to open the dashboard; with its token, if it asks for one. */
  private static String url(InetSocketAddress address, String token) {
    InetAddress host = address.getAddress();
    String name;
    if (host.isAnyLocalAddress()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        name = "127.0.0.1";
      }
    } else {
      name = host.getHostAddress();
      if (name.contains(":")) {
        name = "[" + name + "]";
      }
    }
    String base = "http://" + name + ":" + address.getPort();
    return token == null ? base : base + "/?" + Access.TOKEN_PARAM + "=" + token;
  }

  private static List<ResourceUse> uses(Map<String, double[]> use) {
    List<ResourceUse> uses = new ArrayList<>();
    use.forEach((name, amounts) -> {
      if (!io.jray.internal.resources.ResourceSet.isNodeResource(name)) {
        uses.add(new ResourceUse(name, amounts[0], amounts[1]));
      }
    });
    return List.copyOf(uses);
  }

  /** Stops the server and the sampler; the state stays readable. Idempotent. */
  @Override
  public void close() {
    sampler.shutdownNow();
    url = null;
    DashboardServer running = server;
    if (running != null) {
      server = null;
      running.close();
    }
  }
}
