package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.GetTimeoutException;
import io.jray.NodeInfo;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.RuntimeContext;
import io.jray.TaskOptions;
import io.jray.WaitResult;
import io.jray.state.ResourceUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resources and the runtime context across real worker and actor processes. */
class ResourcesIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).numGpus(2).resource("special", 1).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void twoTasksThatNeedBothCpusNeverOverlap() {
    List<long[]> spans = Ray.get(List.of(ResourcesRemote.wide(300), ResourcesRemote.wide(300)),
        LONG);
    assertDisjoint(spans);
  }

  @Test
  void aCustomResourceOfOneRunsItsTasksOneAtATime() {
    TaskOptions special = TaskOptions.builder().resource("special", 1).build();
    List<ObjectRef<long[]>> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refs.add(special.run(() -> ResourcesRemote.timed(200)));
    }
    assertDisjoint(Ray.get(refs, LONG));
  }

  @Test
  void anActorHoldingAResourceKeepsATaskThatNeedsItWaitingUntilItIsKilled() {
    Resources_HolderRemote holder = Resources_HolderRemote.create();
    assertEquals(1, Ray.get(holder.ping(), LONG));
    assertTrue(Ray.state().resources().stream().anyMatch(
        use -> use.name().equals("special") && use.used() == 1), "the actor holds it");
    ObjectRef<long[]> needy = TaskOptions.builder().resource("special", 1).build()
        .run(() -> ResourcesRemote.timed(1));
    WaitResult<long[]> meanwhile = Ray.wait(List.of(needy), 1, Duration.ofSeconds(1));
    assertEquals(List.of(needy), meanwhile.unready(), "ran while the actor held 'special'");
    Ray.kill(holder);
    assertEquals(2, Ray.get(needy, LONG).length);
  }

  @Test
  void aGpuTaskSeesTheDevicesItHolds() {
    List<Integer> one = TaskOptions.builder().numGpus(1).build()
        .run(() -> Ray.get(ResourcesRemote.gpuIds(), LONG));
    assertEquals(1, one.size());
    assertTrue(Set.of(0, 1).contains(one.get(0)), one.toString());
    List<Integer> both = TaskOptions.builder().numGpus(2).build()
        .run(() -> Ray.get(ResourcesRemote.gpuIds(), LONG));
    assertEquals(List.of(0, 1), both);
    assertEquals(List.of(), Ray.get(ResourcesRemote.gpuIds(), LONG));
  }

  @Test
  void aGpuActorsProcessHasCudaVisibleDevices() {
    Resources_KnowerRemote knower = Resources_KnowerRemote.options().numGpus(1).create();
    List<String> gpus = Ray.get(knower.gpus(), LONG);
    assertTrue(gpus.get(0).equals("0") || gpus.get(0).equals("1"), gpus.toString());
    assertEquals("[" + gpus.get(0) + "]", gpus.get(1));
    Ray.kill(knower);
  }

  @Test
  void aDemandThatCanNeverFitFailsAtOnceNamingTheResource() {
    long start = System.nanoTime();
    ObjectRef<long[]> huge = TaskOptions.builder().numCpus(64).build()
        .run(() -> ResourcesRemote.timed(1));
    RayException cpus = assertThrows(RayException.class, () -> Ray.get(huge, LONG));
    assertFalse(cpus instanceof GetTimeoutException);
    assertTrue(cpus.getMessage().contains("asks for 64 CPU and this node has 2"),
        cpus.getMessage());
    ObjectRef<long[]> unknown = TaskOptions.builder().resource("tpu", 1).build()
        .run(() -> ResourcesRemote.timed(1));
    RayException tpu = assertThrows(RayException.class, () -> Ray.get(unknown, LONG));
    assertTrue(tpu.getMessage().contains("1 tpu and this node has 0"), tpu.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "not at once");
    RayException actor = assertThrows(RayException.class,
        () -> Resources_KnowerRemote.options().numGpus(3).create());
    assertTrue(actor.getMessage().contains("3 GPU and this node has 2"), actor.getMessage());
  }

  @Test
  void aNodeAffinityRunsOnThisNodeAndOneToANodeThatIsNotThereFails() {
    String here = Ray.getRuntimeContext().getCurrentNodeId();
    ObjectRef<long[]> pinned = TaskOptions.builder().nodeAffinity(here).build()
        .run(() -> ResourcesRemote.timed(1));
    assertEquals(2, Ray.get(pinned, LONG).length);
    ObjectRef<long[]> nowhere = TaskOptions.builder().nodeAffinity("no-such-node").build()
        .run(() -> ResourcesRemote.timed(1));
    RayException gone = assertThrows(RayException.class, () -> Ray.get(nowhere, LONG));
    assertTrue(gone.getMessage().contains("node:no-such-node"), gone.getMessage());
  }

  @Test
  void theRuntimeContextFromTheDriverATaskAndAnActor() {
    RuntimeContext driver = Ray.getRuntimeContext();
    assertTrue(driver.getCurrentJobId().matches("[0-9a-f]{8}"), driver.getCurrentJobId());
    assertTrue(driver.getCurrentTaskId().isEmpty());
    assertTrue(driver.getCurrentActorId().isEmpty());
    assertFalse(driver.wasCurrentActorRestarted());
    List<NodeInfo> nodes = driver.getAllNodeInfo();
    assertEquals(1, nodes.size());
    NodeInfo node = nodes.get(0);
    assertEquals(driver.getCurrentNodeId(), node.nodeId());
    assertEquals("127.0.0.1", node.address());
    assertTrue(node.alive());
    assertEquals(2.0, node.resources().get("CPU"));
    assertEquals(2.0, node.resources().get("GPU"));
    assertEquals(1.0, node.resources().get("special"));
    assertTrue(node.resources().get("memory") > 0);

    ObjectRef<List<String>> ref = ResourcesRemote.context();
    List<String> task = Ray.get(ref, LONG);
    assertEquals(driver.getCurrentJobId(), task.get(0));
    assertEquals("ObjectRef(" + task.get(1) + ")", ref.toString(), "the task's id");
    assertEquals("", task.get(2));
    assertEquals(driver.getCurrentNodeId(), task.get(3));

    Resources_KnowerRemote knower = Resources_KnowerRemote.options().maxRestarts(1).create();
    List<String> actor = Ray.get(knower.context(), LONG);
    assertEquals(driver.getCurrentJobId(), actor.get(0));
    assertNotEquals("", actor.get(1), "an actor call has a task id");
    assertEquals(knower.actorId(), actor.get(2));
    assertEquals(driver.getCurrentNodeId(), actor.get(3));
    assertEquals("false", actor.get(4));
    long pid = Ray.get(knower.pid(), LONG);
    knower.die();
    List<String> again = contextAfterRestart(knower);
    assertEquals(knower.actorId(), again.get(2));
    assertEquals("true", again.get(4), "wasCurrentActorRestarted");
    assertNotEquals(pid, Ray.get(knower.pid(), LONG));
    Ray.kill(knower);
  }

  @Test
  void theStateShowsCapacityAndUsePerResource() {
    Map<String, ResourceUse> byName = new java.util.HashMap<>();
    for (ResourceUse use : Ray.state().resources()) {
      byName.put(use.name(), use);
    }
    assertEquals(2.0, byName.get("CPU").capacity());
    assertEquals(2.0, byName.get("GPU").capacity());
    assertEquals(1.0, byName.get("special").capacity());
  }

  /** The actor's context once its new process answers; calls made before it fail. */
  private static List<String> contextAfterRestart(Resources_KnowerRemote knower) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return Ray.get(knower.context(), LONG);
      } catch (ActorDiedException e) {
        assertTrue(e.getMessage().contains("restarted"), e.getMessage());
        assertTrue(System.nanoTime() < deadline, "no restart within 60 s");
      }
    }
  }

  private static void assertDisjoint(List<long[]> spans) {
    for (int i = 0; i < spans.size(); i++) {
      for (int j = i + 1; j < spans.size(); j++) {
        long[] a = spans.get(i);
        long[] b = spans.get(j);
        assertTrue(a[1] <= b[0] || b[1] <= a[0], "tasks " + i + " and " + j + " overlapped: ["
            + a[0] + ", " + a[1] + "] and [" + b[0] + ", " + b[1] + "]");
      }
    }
  }
}
