package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskOptions;
import io.jray.internal.cluster.LocalNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same program on three nodes (127.0.0.1, .2 and .3), each a process started through the
 * command line: tasks spread over every node, a value the driver put and a result made on one node
 * are read intact on others, and a node SIGKILLed while tasks run costs no result.
 */
class ClusterTasksIT {
  private static final String TOKEN = "cluster-tasks-it";
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path temp;

  private ClusterNodes nodes;

  @BeforeEach
  void folder() {
    nodes = new ClusterNodes(temp);
  }

  @AfterEach
  void stop() throws Exception {
    Ray.shutdown();
    nodes.stopAll();
  }

  @Test
  void theSameProgramRunsOnThreeNodesAndSurvivesAKilledOne() throws Exception {
    int port = ClusterNodes.freePort();
    String head = "127.0.0.1:" + port;
    assertEquals(0, nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN).exitCode());
    for (String ip : List.of("127.0.0.2", "127.0.0.3")) {
      JvmProcess.Result joined = nodes.jray("start", "--address", head, "--node-ip", ip, "--port",
          String.valueOf(port), "--num-cpus", "1", "--token", TOKEN, "--resources",
          ip.endsWith(".2") ? "special=1" : "other=1");
      assertEquals(0, joined.exitCode(), joined.output());
    }

    Ray.init(RayConfig.builder().address(head).clusterToken(TOKEN).includeDashboard(false)
        .build());
    List<ObjectRef<Long>> spread = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      spread.add(ClusterTasksRemote.hostPid(300));
    }
    Set<Long> hosts = new HashSet<>(Ray.get(spread, PATIENCE));
    assertEquals(3, hosts.size(), "tasks ran in these job hosts: " + hosts);
    assertFalse(hosts.contains(ProcessHandle.current().pid()), "a task ran in the driver");

    // Resources steer work: only the node on 127.0.0.2 offers "special".
    TaskOptions special = TaskOptions.builder().resource("special", 1).build();
    List<ObjectRef<Long>> steered = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      steered.add(special.run(() -> ClusterTasksRemote.hostPid(50)));
    }
    for (long jobHost : Ray.get(steered, PATIENCE)) {
      assertEquals("127.0.0.2", nodeIpOf(jobHost), "a task that needs special ran elsewhere");
    }

    long[] values = LongStream.rangeClosed(1, 100_000).toArray(); // large: stored, then copied
    ObjectRef<long[]> put = Ray.put(values);
    List<ObjectRef<Long>> sums = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sums.add(ClusterTasksRemote.plusOne(ClusterTasksRemote.sum(put)));
    }
    for (long sum : Ray.get(sums, PATIENCE)) {
      assertEquals(5_000_050_001L, sum);
    }

    ObjectRef<ObjectRef<Long>> outer = ClusterTasksRemote.nested(41);
    ObjectRef<Long> inner = Ray.get(outer, PATIENCE); // made by a worker of a node's job host
    assertEquals(42L, Ray.get(inner, PATIENCE));

    LocalNodes.Entry victim = nodes.local().running().stream()
        .filter(n -> n.address().startsWith("127.0.0.3:")).findFirst().orElseThrow();
    List<ObjectRef<Long>> during = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      during.add(ClusterTasksRemote.hostPid(500));
    }
    Thread.sleep(300); // some of them run on the victim now
    victim.process().orElseThrow().destroyForcibly();
    List<Long> survived = Ray.get(during, PATIENCE);
    assertEquals(12, survived.size());
    assertTrue(survived.stream().allMatch(pid -> pid > 0));

    Set<ProcessHandle> jobHosts = new HashSet<>();
    for (long pid : hosts) {
      ProcessHandle.of(pid).ifPresent(jobHosts::add);
    }
    Ray.shutdown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (ProcessHandle jobHost : jobHosts) {
      while (jobHost.isAlive()) {
        assertTrue(System.nanoTime() < deadline, "job host " + jobHost.pid()
            + " outlived its driver's shutdown");
        Thread.sleep(50);
      }
    }
  }

  /** The address of the node whose job host has this pid (a job host is its node's child). */
  private String nodeIpOf(long jobHostPid) {
    long nodePid = ProcessHandle.of(jobHostPid).flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid).orElseThrow();
    return nodes.local().running().stream().filter(n -> n.pid() == nodePid)
        .map(n -> n.address().substring(0, n.address().indexOf(':'))).findFirst().orElseThrow();
  }



}
