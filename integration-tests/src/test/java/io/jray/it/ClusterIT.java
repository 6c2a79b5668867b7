package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import io.jray.internal.cluster.ClusterClient;
import io.jray.internal.cluster.ClusterToken;
import io.jray.internal.cluster.LocalNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on 127.0.0.1, .2 and .3, each a process of its own started through the command
 * line as a user would, form one cluster; a killed node is seen dead within seconds; a wrong token
 * is refused; {@code jray stop} ends them all.
 */
class ClusterIT {
  private static final String TOKEN = "cluster-it-secret";

  @TempDir
  Path temp;

  private ClusterNodes nodes;

  @BeforeEach
  void folder() {
    nodes = new ClusterNodes(temp);
  }


  @AfterEach
  void killWhatIsLeft() {
    for (LocalNodes.Entry node : nodes.local().running()) {
      node.process().ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void nodesStartedByTheCommandLineFormOneClusterThatSeesADeadNodeAndRefusesAWrongToken()
      throws Exception {
    int port = ClusterNodes.freePort();
    String head = "127.0.0.1:" + port;
    JvmProcess.Result started = nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "2", "--token", TOKEN);
    assertEquals(0, started.exitCode(), started.output());
    assertTrue(started.output().contains("is up at " + head + " (head)"), started.output());
    for (String ip : List.of("127.0.0.2", "127.0.0.3")) {
      JvmProcess.Result joined = nodes.jray("start", "--address", head, "--node-ip", ip, "--port",
          String.valueOf(port), "--num-cpus", "1", "--resources", "special=1", "--token", TOKEN);
      assertEquals(0, joined.exitCode(), joined.output());
    }
    List<LocalNodes.Entry> running = nodes.local().running();
    assertEquals(3, running.size(), running.toString());

    JvmProcess.Result status = nodes.jray("status");
    assertEquals(0, status.exitCode(), status.output());
    assertTrue(status.output().contains("3 node(s), 3 alive"), status.output());
    assertTrue(status.output().contains("127.0.0.2:" + port), status.output());
    assertTrue(status.output().contains("special 0/1"), status.output());

    try (ClusterClient cluster = ClusterClient.connect(ClusterToken.resolve(TOKEN), head,
        "test", true)) {
      List<ClusterClient.NodeView> nodes = cluster.nodes();
      assertEquals(3, nodes.size());
      assertTrue(nodes.stream().allMatch(ClusterClient.NodeView::alive));
      assertEquals(Map.of("CPU", 2.0), nodes.get(0).record().resources());
      assertTrue(nodes.get(0).record().head());

      LocalNodes.Entry third = running.stream()
          .filter(n -> n.address().equals("127.0.0.3:" + port)).findFirst().orElseThrow();
      ProcessHandle process = third.process().orElseThrow();
      long killedAt = System.nanoTime();
      process.destroyForcibly(); // SIGKILL: no goodbye to the cluster
      process.onExit().get(10, TimeUnit.SECONDS);
      while (cluster.nodes().stream().filter(n -> n.record().nodeId().equals(third.nodeId()))
          .allMatch(ClusterClient.NodeView::alive)) {
        assertTrue(System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(15),
            "the killed node still shows alive after 15 s");
        Thread.sleep(100);
      }
      long seenDeadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      System.out.println("A SIGKILLed node was seen dead after " + seenDeadMillis + " ms");
      assertEquals(2, cluster.nodes().stream().filter(ClusterClient.NodeView::alive).count());
    }

    RayException refused = assertThrows(RayException.class,
        () -> ClusterClient.connect(ClusterToken.resolve("wrong"), head, "test", true));
    assertTrue(refused.getMessage().contains("token"), refused.getMessage());
    JvmProcess.Result wrongNode = nodes.jray("start", "--address", head, "--node-ip", "127.0.0.4",
        "--port", String.valueOf(port), "--token", "wrong");
    assertEquals(1, wrongNode.exitCode(), wrongNode.output());
    assertTrue(wrongNode.output().contains("token"), wrongNode.output());
    assertEquals(2, nodes.local().running().size());

    List<ProcessHandle> processes = new ArrayList<>();
    nodes.local().running().forEach(n -> processes.add(n.process().orElseThrow()));
    JvmProcess.Result stopped = nodes.jray("stop");
    assertEquals(0, stopped.exitCode(), stopped.output());
    for (ProcessHandle process : processes) {
      assertFalse(process.isAlive(), "a node outlived jray stop: " + process.pid());
    }
    try (Stream<Path> left = Files.list(nodes.local().folder())) {
      assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".node")).toList());
    }
  }


}
