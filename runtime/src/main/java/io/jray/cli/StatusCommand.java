package io.jray.cli;

import io.jray.internal.cluster.ClusterClient;
import io.jray.internal.cluster.ClusterToken;
import io.jray.internal.cluster.LocalNodes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jray status}: the nodes of a cluster, whether they are alive, their resources and how
 * much of each their work holds.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows the nodes of the cluster, whether they are alive, and the use of their"
        + " resources.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--address", paramLabel = "IP:PORT",
      description = "A node of the cluster (default: a node this user runs on this machine).")
  String address;

  @Option(names = "--token", paramLabel = "SECRET",
      description = "The cluster's token (default: $" + ClusterToken.ENVIRONMENT_VARIABLE
          + ", else the local node's).")
  String token;

  @Override
  public Integer call() {
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
