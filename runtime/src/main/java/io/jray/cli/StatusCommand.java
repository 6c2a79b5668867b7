package io.jray.cli;

import com.hazelcast.internal.json.JsonObject;
import com.hazelcast.internal.json.JsonValue;
import io.jray.internal.cluster.ClusterClient;
import io.jray.internal.cluster.ClusterToken;
import io.jray.internal.cluster.LocalNodes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jray status}: a running session's resources, busy CPUs, store and tasks by state (as
 * Ray's {@code ray status}), and the nodes of a cluster, whether they are alive, their resources
 * and how much of each their work holds.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows a running session (resources, busy CPUs, store, tasks by state) and the"
        + " nodes of the cluster, whether they are alive, and the use of their resources.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--address", paramLabel = "IP:PORT",
      description = "A node of the cluster (default: a node this user runs on this machine).")
  String address;

  @Option(names = "--token", paramLabel = "SECRET",
      description = "The cluster's token (default: $" + ClusterToken.ENVIRONMENT_VARIABLE
          + ", else the local node's).")
  String token;

  @Option(names = "--dashboard", paramLabel = "URL",
      description = "A session's dashboard (default: the session running on this machine).")
  String dashboard;

  @Override
  public Integer call() {
    boolean cluster = address != null || !LocalNodes.ofUser().running().isEmpty();
    Optional<String> session = dashboard != null ? Optional.of(dashboard) : SessionClient.local();
    if (!cluster && session.isEmpty()) {
      System.err.println("No jray session and no jray node of this user runs on this machine:"
          + " start one (Ray.init() in a program, or jray start --head), or name one with"
          + " --dashboard URL or --address IP:PORT.");
      return 1;
    }
    if (session.isPresent()) {
      printSession(SessionClient.of(session.get()));
    }
    return cluster ? printNodes() : 0;
  }

  /** As Ray's {@code ray status}: resources, what is busy, the store, tasks by state. */
  private static void printSession(SessionClient session) {
    JsonObject summary = session.json("/api/summary");
    System.out.println("Session at " + session.base());
    System.out.println("Resources (used / capacity):");
    for (JsonValue value : summary.get("resources").asArray()) {
      JsonObject use = value.asObject();
      String name = use.getString("name", "?");
      boolean bytes = name.equals("memory");
      System.out.printf("  %-10s %s / %s%n", name, amount(use.getDouble("used", 0), bytes),
          amount(use.getDouble("capacity", 0), bytes));
    }
    System.out.printf("CPUs busy: %d of %d; worker and actor processes: %d%n",
        summary.getLong("busyCpus", 0), summary.getLong("numCpus", 0),
        summary.getLong("workers", 0));
    JsonObject store = summary.get("store").asObject();
    System.out.printf("Object store: %s of %s in %d objects%n",
        amount(store.getDouble("usedBytes", 0), true),
        amount(store.getDouble("capacityBytes", 0), true), store.getLong("objects", 0));
    JsonObject tasks = summary.get("tasks").asObject();
    System.out.printf("Tasks: %d pending, %d running, %d finished, %d failed%n",
        tasks.getLong("PENDING", 0), tasks.getLong("RUNNING", 0), tasks.getLong("FINISHED", 0),
        tasks.getLong("FAILED", 0));
    StringJoiner actors = new StringJoiner(", ");
    for (JsonObject.Member member : summary.get("actors").asObject()) {
      actors.add(member.getValue().asLong() + " " + member.getName());
    }
    System.out.println("Actors: " + (actors.length() == 0 ? "none" : actors));
  }

  private static String amount(double value, boolean bytes) {
    if (bytes) {
      String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
      int unit = 0;
      while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
      }
      return unit == 0 ? String.format("%.0f B", value) : String.format("%.1f %s", value, units[unit]);
    }
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private Integer printNodes() {
    String target = address;
    String secret = token != null ? token : System.getenv(ClusterToken.ENVIRONMENT_VARIABLE);
    if (target == null || secret == null) {
      List<LocalNodes.Entry> local = LocalNodes.ofUser().running();
      if (local.isEmpty() && target == null) {
        System.err.println("No jray node of this user runs on this machine: start one (jray"
            + " start --head) or name one with --address.");
        return 1;
      }
      if (!local.isEmpty()) {
        target = target != null ? target : local.get(0).address();
        secret = secret != null ? secret : local.get(0).token();
      }
    }
    try (ClusterClient cluster = ClusterClient.connect(ClusterToken.resolve(secret), target,
        "status", true)) {
      List<ClusterClient.NodeView> nodes = cluster.nodes();
      long alive = nodes.stream().filter(ClusterClient.NodeView::alive).count();
      System.out.println(nodes.size() + " node(s), " + alive + " alive");
      System.out.printf("%-36s  %-21s  %-5s  %-5s  %s%n", "NODE", "ADDRESS", "STATE", "ROLE",
          "RESOURCES (USED/TOTAL)");
      for (ClusterClient.NodeView node : nodes) {
        System.out.printf("%-36s  %-21s  %-5s  %-5s  %s%n", node.record().nodeId(),
            node.record().address(), node.alive() ? "ALIVE" : "DEAD",
            node.record().head() ? "head" : "", format(node.record().resources(), node.used()));
      }
      return 0;
    }
  }

  /** "CPU 1/2, special 0/1": each resource's use beside its capacity. */
  static String format(Map<String, Double> capacity, Map<String, Double> used) {
    return capacity.entrySet().stream()
        .map(e -> e.getKey() + " " + amount(used.getOrDefault(e.getKey(), 0.0)) + "/"
            + amount(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String amount(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
