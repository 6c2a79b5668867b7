package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorLifetime;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.internal.cluster.LocalNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detached, named actor on a two-node cluster outlives the driver that made it and the next
 * one that uses it: found by name in its namespace only, its state intact, its name taken until
 * it is killed.
 */
class ClusterDetachedIT {
  private static final String TOKEN = "cluster-detached-it";
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path temp;

  private ClusterNodes nodes;
  private String head;

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
  void aDetachedActorOutlivesItsDriverAndTheNext() throws Exception {
    int port = ClusterNodes.freePort();
    head = "127.0.0.1:" + port;
    assertEquals(0, nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN).exitCode());
    JvmProcess.Result joined = nodes.jray("start", "--address", head, "--node-ip", "127.0.0.2",
        "--port", String.valueOf(port), "--num-cpus", "1", "--token", TOKEN, "--resources",
        "svc=1");
    assertEquals(0, joined.exitCode(), joined.output());

    // The first driver makes the actor, and is killed outright while its tasks run.
    long host;
    try (DriverJvm first = DriverJvm.start(ClusterDetachedDriver.class, head, TOKEN, "acme",
        "ledger")) {
      assertEquals("total 115", first.awaitLine("total "));
      host = Long.parseLong(first.awaitLine("host ").substring(5).trim());
      first.awaitLine("ready");
      assertTrue(jobHosts().size() >= 1, "the first driver runs no job host");
      first.kill();
    }
    // Its job hosts (and their workers) end with it; the detached actor's host does not.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!jobHosts().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "job hosts outlived their killed driver: "
          + jobHosts());
      Thread.sleep(100);
    }
    long nodeOfHost = ProcessHandle.of(host).flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid).orElseThrow(() -> new AssertionError("the detached actor's"
            + " host did not outlive its driver"));
    long svcNode = nodes.local().running().stream()
        .filter(n -> n.address().startsWith("127.0.0.2:")).findFirst().orElseThrow().pid();
    assertEquals(svcNode, nodeOfHost, "the detached actor runs on a node without svc");

    // A second driver finds it by name, in its namespace, with its state.
    Ray.init(config("acme"));
    ClusterTasks_TallyRemote ledger = ClusterTasks_TallyRemote.getActor("ledger");
    assertEquals(116L, Ray.get(ledger.add(1), PATIENCE));
    assertEquals(118L, Ray.get(ledger.add(ClusterTasksRemote.plusOne(1)), PATIENCE));
    // A task on a node calls it through a handle the driver passed, with a ref argument too.
    assertEquals(120L, Ray.get(ClusterTasksRemote.addVia(ledger, 2), PATIENCE));
    assertEquals(123L, Ray.get(ledger.add(ClusterTasksRemote.plusOne(2)), PATIENCE));
    // Refs inside a value: the driver's own and one a node made.
    assertEquals(128L, Ray.get(ledger.addAll(List.of(Ray.put(3L), ClusterTasksRemote.plusOne(1))),
        PATIENCE));
    RayException taken = assertThrows(RayException.class, () -> ClusterTasks_TallyRemote
        .options().name("ledger").lifetime(ActorLifetime.DETACHED).create());
    assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
    Ray.shutdown();

    // Another namespace does not see it; a third driver in its own does, and kills it.
    Ray.init(config("elsewhere"));
    assertThrows(RayException.class, () -> ClusterTasks_TallyRemote.getActor("ledger"));
    Ray.shutdown();
    Ray.init(config("acme"));
    ClusterTasks_TallyRemote again = ClusterTasks_TallyRemote.getActor("ledger");
    assertEquals(List.of(128L), List.of(Ray.get(again.total(), PATIENCE)));
    // A task kills it through its handle; the driver's calls then fail, and its name is free.
    assertTrue(Ray.get(ClusterTasksRemote.killVia(again), PATIENCE));
    RayException dead = untilDead(again);
    assertTrue(dead.getMessage().contains("killed"), dead.getMessage());
    assertThrows(RayException.class, () -> ClusterTasks_TallyRemote.getActor("ledger"));
    ClusterTasks_TallyRemote fresh = ClusterTasks_TallyRemote.options().name("ledger")
        .lifetime(ActorLifetime.DETACHED).create(); // the name is free again
    assertEquals(3L, Ray.get(fresh.add(3), PATIENCE));
    Ray.kill(fresh);
  }

  @Test
  void aDetachedActorWhoseNodeDiesStartsAgainOnAnother() throws Exception {
    int port = ClusterNodes.freePort();
    head = "127.0.0.1:" + port;
    assertEquals(0, nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN).exitCode());
    for (String ip : List.of("127.0.0.2", "127.0.0.3")) {
      JvmProcess.Result joined = joinWithSvc(ip, port);
      assertEquals(0, joined.exitCode(), joined.output());
    }

    // The driver holds a handle when the actor's node is killed outright: its next call finds
    // the actor started again on the other node with svc, its state afresh.
    Ray.init(config("acme"));
    ClusterTasks_TallyRemote keeper = ClusterTasks_TallyRemote.options().name("keeper")
        .lifetime(ActorLifetime.DETACHED).resource("svc", 1).maxRestarts(2).maxTaskRetries(1)
        .create(100L); // a call sent as its node dies is sent again
    assertEquals(105L, Ray.get(keeper.add(5), PATIENCE));
    LocalNodes.Entry first = nodeOf(Ray.get(keeper.hostPid(), PATIENCE));
    killWithItsProcesses(first);
    assertEquals(101L, Ray.get(keeper.add(1), PATIENCE));
    LocalNodes.Entry second = nodeOf(Ray.get(keeper.hostPid(), PATIENCE));
    assertTrue(!second.address().equals(first.address()) && !second.address()
        .startsWith("127.0.0.1:"), "it started again on " + second.address());
    Ray.shutdown();

    // No driver is left when its next node dies: the next driver to look it up starts it again,
    // on a node that joined since.
    killWithItsProcesses(second);
    String firstIp = first.address().substring(0, first.address().indexOf(':'));
    JvmProcess.Result rejoined = joinWithSvc(firstIp, port);
    assertEquals(0, rejoined.exitCode(), rejoined.output());
    Ray.init(config("acme"));
    ClusterTasks_TallyRemote found = ClusterTasks_TallyRemote.getActor("keeper");
    assertEquals(102L, Ray.get(found.add(2), PATIENCE));
    assertTrue(nodeOf(Ray.get(found.hostPid(), PATIENCE)).address().startsWith(firstIp + ":"));
    Ray.kill(found);
  }

  private JvmProcess.Result joinWithSvc(String ip, int port) throws Exception {
    return nodes.jray("start", "--address", head, "--node-ip", ip, "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN, "--resources", "svc=1");
  }

  /** The node whose detached host is {@code hostPid}. */
  private LocalNodes.Entry nodeOf(long hostPid) {
    long node = ProcessHandle.of(hostPid).flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid).orElseThrow();
    return nodes.local().running().stream().filter(entry -> entry.pid() == node).findFirst()
        .orElseThrow(() -> new AssertionError("no node runs detached host " + hostPid));
  }

  /** A machine's loss: the node and every process under it, SIGKILLed at once. */
  private static void killWithItsProcesses(LocalNodes.Entry node) throws Exception {
    ProcessHandle process = node.process().orElseThrow();
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(process);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle each : all) {
      each.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The error a call to the tally fails with once a kill sent from a task reached the driver
   * (it travels apart from the task's result, so a call right after may still get through).
   */
  private static RayException untilDead(ClusterTasks_TallyRemote tally) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        Ray.get(tally.total(), PATIENCE);
      } catch (RayException e) {
        return e;
      }
      assertTrue(System.nanoTime() < deadline, "the tally still answers 30 s after its kill");
      Thread.sleep(100);
    }
  }

  /** The nodes' job hosts (not their detached hosts), by pid. */
  private List<Long> jobHosts() {
    return nodes.local().running().stream()
        .flatMap(node -> node.process().stream())
        .flatMap(ProcessHandle::children)
        .filter(child -> {
          List<String> args = arguments(child.pid());
          return args.contains("io.jray.internal.cluster.JobHostMain")
              && !args.contains("--detached");
        })
        .map(ProcessHandle::pid).toList();
  }

  /** A process's whole command line (ProcessHandle.Info cuts a long one short). */
  private static List<String> arguments(long pid) {
    try {
      return List.of(new String(java.nio.file.Files.readAllBytes(
          Path.of("/proc", String.valueOf(pid), "cmdline")),
          java.nio.charset.StandardCharsets.UTF_8).split("\u0000"));
    } catch (java.io.IOException e) {
      return List.of(); // it has ended
    }
  }

  private RayConfig config(String namespace) {
    return RayConfig.builder().address(head).clusterToken(TOKEN).namespace(namespace)
        .includeDashboard(false).build();
  }
}
