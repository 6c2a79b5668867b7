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

/** {@code jray status}: the nodes of a cluster, their resources and whether they are alive. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows the nodes of the cluster, their resources and whether they are alive.")
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
          "RESOURCES");
      for (ClusterClient.NodeView node : nodes) {
        System.out.printf("%-36s  %-21s  %-5s  %-5s  %s%n", node.record().nodeId(),
            node.record().address(), node.alive() ? "ALIVE" : "DEAD",
            node.record().head() ? "head" : "", format(node.record().resources()));
      }
      return 0;
    }
  }

  private static String format(Map<String, Double> resources) {
    return resources.entrySet().stream()
        .map(e -> e.getKey() + "=" + (e.getValue() == Math.rint(e.getValue())
            ? String.valueOf(e.getValue().longValue()) : String.valueOf(e.getValue())))
        .collect(Collectors.joining(", "));
  }
}
