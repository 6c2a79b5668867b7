package io.jray.cli;

import io.jray.internal.cluster.LocalNodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jray stop}: ends every node this user started on this machine. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stops every jray node this user runs on this machine.")
final class StopCommand implements Callable<Integer> {
  @Option(names = "--grace-period", defaultValue = "15",
      description = "Seconds a node has to leave its cluster before it is killed"
          + " (default: ${DEFAULT-VALUE}).")
  int gracePeriodSeconds;

  @Override
  public Integer call() {
    LocalNodes localNodes = LocalNodes.ofUser();
    List<LocalNodes.Entry> nodes = localNodes.running();
    if (nodes.isEmpty()) {
      System.out.println("No jray node of this user runs on this machine.");
      return 0;
    }
    // Heads last: the others leave a cluster that still has its first member.
    List<LocalNodes.Entry> headsLast = new ArrayList<>(nodes);
    Collections.reverse(headsLast);
    List<ProcessHandle> stopping = new ArrayList<>();
    for (LocalNodes.Entry node : headsLast) {
      node.process().ifPresent(process -> {
        process.destroy(); // SIGTERM: the node leaves its cluster and removes its entry
        stopping.add(process);
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(gracePeriodSeconds);
    int killed = 0;
    for (ProcessHandle process : stopping) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        killed++;
      }
    }
    for (LocalNodes.Entry node : nodes) {
      localNodes.remove(node.pid());
      System.out.println("Stopped node " + node.nodeId() + " at " + node.address()
          + (node.head() ? " (head)" : "") + ", pid " + node.pid());
    }
    if (killed > 0) {
      System.out.println(killed + " node(s) did not stop within " + gracePeriodSeconds
          + " s and were killed.");
    }
    return 0;
  }
}
