package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.NodeInfo;
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
 * are read intact on others, actors run where their resources choose, and a node SIGKILLed while
 * tasks run costs no result and no actor.
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

    Ray.init(RayConfig.builder().address(head).clusterToken(TOKEN).build());
    String nodesApi = Ray.state().dashboardUrl().orElseThrow().replaceAll("/$", "")
        + "/api/nodes";
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
    List<NodeInfo> listed = Ray.getRuntimeContext().getAllNodeInfo();
    assertEquals(3, listed.size(), listed.toString());
    assertTrue(listed.stream().allMatch(NodeInfo::alive), listed.toString());
    NodeInfo specialNode = listed.stream().filter(n -> n.resources().containsKey("special"))
        .findFirst().orElseThrow();
    assertEquals("127.0.0.2", specialNode.address());
    assertEquals(specialNode.nodeId(), Ray.get(special.run(() -> ClusterTasksRemote.nodeId()),
        PATIENCE), "a task's runtime context names another node than the one it ran on");

    // Node affinity pins a task, and an actor, to a node.
    NodeInfo third = listed.stream().filter(n -> n.address().equals("127.0.0.3")).findFirst()
        .orElseThrow();
    assertEquals("127.0.0.3", nodeIpOf(Ray.get(TaskOptions.builder().nodeAffinity(
        third.nodeId()).build().run(() -> ClusterTasksRemote.hostPid(0)), PATIENCE)));
    ClusterTasks_TallyRemote pinned = ClusterTasks_TallyRemote.options()
        .nodeAffinity(third.nodeId()).create();
    assertEquals("127.0.0.3", nodeIpOf(Ray.get(pinned.hostPid(), PATIENCE)));
    Ray.kill(pinned);

    // A node that joins after Ray.init takes the job's work too.
    JvmProcess.Result late = nodes.jray("start", "--address", head, "--node-ip", "127.0.0.4",
        "--port", String.valueOf(port), "--num-cpus", "1", "--token", TOKEN, "--resources",
        "late=1");
    assertEquals(0, late.exitCode(), late.output());
    ObjectRef<Long> onLate = TaskOptions.builder().resource("late", 1).build()
        .run(() -> ClusterTasksRemote.hostPid(0));
    assertEquals("127.0.0.4", nodeIpOf(Ray.get(onLate, PATIENCE)));

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
    // A nested task's ref, never read by the driver, as another task's argument.
    ObjectRef<ObjectRef<Long>> outerAgain = ClusterTasksRemote.nested(9);
    ObjectRef<Long> unread = Ray.get(outerAgain, PATIENCE);
    assertEquals(11L, Ray.get(ClusterTasksRemote.plusOne(unread), PATIENCE));
    aRefFoundInsideAValueOutlivesIt();

    // Actors: placed by their resources, their calls in order, a ref made on one node passed
    // to an actor on another, looked up by name, killed.
    ClusterTasks_TallyRemote special1 = ClusterTasks_TallyRemote.options()
        .resource("special", 1).name("special-tally").create(ClusterTasksRemote.plusOne(99));
    assertEquals("127.0.0.2", nodeIpOf(Ray.get(special1.hostPid(), PATIENCE)),
        "an actor that needs special runs elsewhere");
    // The dashboard and jray status show what the node's work holds: the actor holds the node's
    // one special.
    Http.await(nodesApi, Duration.ofSeconds(30),
        body -> body.matches("(?s).*\"used\":\\{[^}]*\"special\":1.*"));
    long statusDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (String shown = ""; !shown.contains("special 1/1"); ) {
      assertTrue(System.nanoTime() < statusDeadline, "status never showed the use: " + shown);
      shown = nodes.jray("status").output();
    }
    List<ObjectRef<Long>> totals = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      totals.add(special1.add(i));
    }
    assertEquals(100L + 200 * 201 / 2, Ray.get(totals.get(199), PATIENCE));
    for (int i = 0; i < 200; i++) {
      assertEquals(100L + (long) (i + 1) * (i + 2) / 2, Ray.get(totals.get(i), PATIENCE),
          "call " + i + " ran out of order");
    }
    ClusterTasks_TallyRemote found = ClusterTasks_TallyRemote
        .getActor("special-tally");
    assertEquals(100L + 200 * 201 / 2 + 5_000_050_000L,
        Ray.get(found.add(ClusterTasksRemote.sum(put)), PATIENCE));
    // A handle passed to a task on another node reaches its actor.
    assertEquals(100L + 200 * 201 / 2 + 5_000_050_000L + 1_000, Ray.get(TaskOptions.builder()
        .nodeAffinity(third.nodeId()).build().run(() -> ClusterTasksRemote.addVia(found, 1_000)),
        PATIENCE));
    List<ClusterTasks_TallyRemote> tallies = new ArrayList<>();
    Set<String> actorNodes = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      ClusterTasks_TallyRemote tally = ClusterTasks_TallyRemote.options()
          .maxRestarts(1).create();
      tallies.add(tally);
      actorNodes.add(nodeIpOf(Ray.get(tally.hostPid(), PATIENCE)));
    }
    assertTrue(actorNodes.size() >= 2, "three actors all ran on " + actorNodes);
    Ray.kill(special1);
    assertThrows(ActorDiedException.class, () -> Ray.get(special1.total(), PATIENCE));

    // Results left on the nodes, where each was made known through a task that reads it there.
    List<ObjectRef<long[]>> kept = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      kept.add(ClusterTasksRemote.tagged(i));
    }
    List<ObjectRef<Long>> makers = new ArrayList<>();
    for (ObjectRef<long[]> ref : kept) {
      makers.add(ClusterTasksRemote.first(ref));
    }
    List<String> madeOn = new ArrayList<>();
    for (long jobHost : Ray.get(makers, PATIENCE)) {
      madeOn.add(nodeIpOf(jobHost));
    }
    assertTrue(madeOn.contains("127.0.0.3"), "no result was left on the victim: " + madeOn);

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
    // The results that were on the killed node are made again elsewhere by their tasks.
    for (int i = 0; i < kept.size(); i++) {
      long[] result = Ray.get(kept.get(i), PATIENCE);
      assertEquals(i, result[1]);
      if (madeOn.get(i).equals("127.0.0.3")) {
        assertFalse(ProcessHandle.of(result[0]).map(ProcessHandle::isAlive).orElse(false)
            && nodeIpOf(result[0]).equals("127.0.0.3"), "a lost result came from the dead node");
      }
    }
    NodeInfo dead = Ray.getRuntimeContext().getAllNodeInfo().stream()
        .filter(n -> n.address().equals("127.0.0.3")).findFirst().orElseThrow();
    assertFalse(dead.alive(), "the killed node is listed alive");
    // Each actor answers: one that lived on the killed node was started again on another.
    for (ClusterTasks_TallyRemote tally : tallies) {
      String now = nodeIpOf(Ray.get(tally.hostPid(), PATIENCE));
      assertFalse(now.equals("127.0.0.3"), "an actor still runs on the killed node");
      assertEquals(7L, Ray.get(tally.add(7), PATIENCE));
    }

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
  /**
   * A ref the driver found inside a result, to an object a node's worker put, outlives that
   * result: the node keeps the object while the driver holds the ref, and frees it after.
   */
  private void aRefFoundInsideAValueOutlivesIt() throws Exception {
    int size = 1 << 20; // both objects are files of the job host's store, named by their ids
    Path dropped = temp.resolve("worker-dropped-its-ref");
    ObjectRef<ClusterTasks.Carrier> carrier = ClusterTasksRemote.carrier(size, size,
        dropped.toString());
    ClusterTasks.Carrier carried = Ray.get(carrier, PATIENCE);
    long carrierId = io.jray.internal.ObjectRefImpl.idOf(carrier);
    ObjectRef<byte[]> inside = carried.inside();
    long insideId = io.jray.internal.ObjectRefImpl.idOf(inside);
    long jobHost = carried.jobHost();
    assertTrue(storedIn(jobHost, carrierId) && storedIn(jobHost, insideId));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!java.nio.file.Files.exists(dropped)) { // the worker that put it holds it no more
      assertTrue(System.nanoTime() < deadline, "the worker kept its ref for 30 s");
      Thread.sleep(50);
    }
    carrier = null;
    carried = null;
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (storedIn(jobHost, carrierId)) { // the driver dropped it: its node frees it
      assertTrue(System.nanoTime() < deadline, "the carrier outlived its last ref by 30 s");
      System.gc();
      Thread.sleep(50);
    }
    assertTrue(storedIn(jobHost, insideId), "the object went with the value that carried it");
    byte[] read = Ray.get(inside, PATIENCE);
    assertEquals(size, read.length);
    assertEquals(7, read[size - 1]);
    inside = null;
    read = null;
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (storedIn(jobHost, insideId)) { // and once the driver drops it too, it goes
      assertTrue(System.nanoTime() < deadline, "a borrowed object outlived its last ref");
      System.gc();
      Thread.sleep(50);
    }
  }

  /** Whether the store of the job host {@code pid} has the large object {@code id}. */
  private static boolean storedIn(long pid, long id) throws java.io.IOException {
    String prefix = String.format("%016x-", id);
    try (java.util.stream.Stream<Path> sessions = java.nio.file.Files.list(Path.of("/dev/shm"))) {
      for (Path session : sessions.filter(p -> p.getFileName().toString()
          .startsWith("jray-" + pid + "-")).toList()) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(session)) {
          if (files.anyMatch(p -> p.getFileName().toString().startsWith(prefix))) {
            return true;
          }
        } catch (java.io.UncheckedIOException e) {
          return storedIn(pid, id); // a file went while the folder was walked: look again
        }
      }
    }
    return false;
  }

  private String nodeIpOf(long jobHostPid) {
    long nodePid = ProcessHandle.of(jobHostPid).flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid).orElseThrow();
    return nodes.local().running().stream().filter(n -> n.pid() == nodePid)
        .map(n -> n.address().substring(0, n.address().indexOf(':'))).findFirst().orElseThrow();
  }



}
