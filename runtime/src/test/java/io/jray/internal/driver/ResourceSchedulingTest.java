package io.jray.internal.driver;

import static io.jray.internal.driver.FakeWorld.executed;
import static io.jray.internal.driver.FakeWorld.sent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.resources.ResourceSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core's scheduling by resources, with fake workers and no processes. */
class ResourceSchedulingTest {

  @Test
  void twoTasksThatNeedBothCpusRunOneAfterTheOther() {
    FakeWorld world = new FakeWorld(2, 0, 16);
    List<Worker> pool = world.startPool(2);
    TaskSpec first = world.task("wide1", "CPU=2");
    TaskSpec second = world.task("wide2", "CPU=2");
    world.core.submit(first, null);
    world.core.submit(second, null);
    assertEquals(List.of(first.taskId()), executedBy(pool), "the second is neither sent nor queued");
    world.finish(runnerOf(pool, first), first);
    assertEquals(List.of(second.taskId()), executedBy(pool));
  }

  @Test
  void aCustomResourceOfOneRunsItsTasksOneAtATimeWhilePlainTasksPass() {
    FakeWorld world = new FakeWorld(ResourceSet.parse("CPU=3,special=1"), 0, 16);
    List<Worker> pool = world.startPool(3);
    TaskSpec a = world.task("a", "special=1");
    TaskSpec b = world.task("b", "special=1");
    TaskSpec plain = world.task("plain", 0);
    world.core.submit(a, null);
    world.core.submit(b, null);
    world.core.submit(plain, null);
    assertEquals(List.of(a.taskId(), plain.taskId()), executedBy(pool));
    world.finish(runnerOf(pool, a), a);
    assertEquals(List.of(b.taskId()), executedBy(pool));
  }

  @Test
  void anActorHoldsItsResourcesUntilItIsKilled() {
    FakeWorld world = new FakeWorld(ResourceSet.parse("CPU=2,special=1"), 0, 16);
    List<Worker> pool = world.startPool(2);
    TaskSpec creation = world.task("Holder.<init>", "CPU=0,special=1");
    world.core.createActor(creation.taskId(), "a.Holder", null, 0, 0, creation);
    Worker host = world.connectNewest();
    TaskSpec needy = world.task("needy", "special=1");
    world.core.submit(needy, null);
    assertEquals(List.of(), executedBy(pool));
    world.core.killActor(creation.taskId());
    world.core.workerExited(host, 137, "was killed");
    assertEquals(List.of(needy.taskId()), executedBy(pool));
  }

  @Test
  void anActorWhoseResourcesAreBusyStartsOnceATaskGivesThemBack() {
    FakeWorld world = new FakeWorld(ResourceSet.parse("CPU=1,special=1"), 0, 16);
    List<Worker> pool = world.startPool(1);
    TaskSpec task = world.task("task", "special=1");
    world.core.submit(task, null);
    int spawned = world.spawned.size();
    TaskSpec creation = world.task("Holder.<init>", "CPU=0,special=1");
    world.core.createActor(creation.taskId(), "a.Holder", null, 0, 0, creation);
    assertEquals(spawned, world.spawned.size(), "its host starts only once it is placed");
    world.finish(pool.get(0), task);
    assertEquals(spawned + 1, world.spawned.size());
    assertTrue(world.spawned.get(spawned).hostsActor());
  }

  @Test
  void aDemandLargerThanTheMachineFailsAtOnceNamingTheResource() {
    FakeWorld world = new FakeWorld(2, 0, 16);
    world.startPool(2);
    TaskSpec huge = world.task("huge", "CPU=3");
    world.core.submit(huge, null);
    RayException error = world.settledError(huge.taskId());
    assertTrue(error.getMessage().contains("asks for 3 CPU and this node has 2"),
        error.getMessage());
    TaskSpec creation = world.task("Gpu.<init>", "CPU=0,GPU=1");
    RayException actor = assertThrows(RayException.class, () -> world.core.createActor(
        creation.taskId(), "a.Gpu", "gpu", 0, 0, creation));
    assertTrue(actor.getMessage().contains("1 GPU and this node has 0"), actor.getMessage());
    assertThrows(RayException.class, () -> world.core.lookUpActor("gpu", "a.Gpu"),
        "an actor that could not start keeps no name");
  }

  @Test
  void aTaskWaitingInGetLendsItsCpusButNotItsCustomResources() {
    FakeWorld world = new FakeWorld(ResourceSet.parse("CPU=1,special=1"), 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec parent = world.task("parent", "special=1");
    world.core.submit(parent, null);
    assertEquals(List.of(parent.taskId()), executed(worker));
    TaskSpec sibling = world.task("sibling", "special=1");
    TaskSpec child = world.task("child", 0);
    world.core.submit(sibling, null);
    world.core.frame(worker, new ToDriver.Submit(child));
    world.core.frame(worker, ToDriver.Blocked.INSTANCE);
    Worker grown = world.connectNewest();
    assertEquals(List.of(child.taskId()), executed(grown), "the lent CPU runs the child");
    world.finish(grown, child);
    world.core.frame(worker, ToDriver.Unblocked.INSTANCE);
    world.finish(worker, parent);
    List<Long> next = executedBy(List.of(worker, grown));
    assertEquals(List.of(sibling.taskId()), next, "special came back only with the parent's end");
  }

  @Test
  void gpuTasksGetDistinctDevicesInTheFrameThatSendsThem() {
    FakeWorld world = new FakeWorld(ResourceSet.parse("CPU=2,GPU=2"), 0, 16);
    List<Worker> pool = world.startPool(2);
    TaskSpec one = world.task("one", "GPU=1");
    TaskSpec two = world.task("two", "GPU=1");
    TaskSpec three = world.task("three", "GPU=1");
    world.core.submit(one, null);
    world.core.submit(two, null);
    world.core.submit(three, null);
    List<int[]> devices = new ArrayList<>();
    for (Worker worker : pool) {
      for (ToWorker frame : sent(worker)) {
        devices.add(((ToWorker.Execute) frame).spec().gpuIds());
      }
    }
    assertEquals(2, devices.size(), "the third waits for a device");
    assertFalse(devices.get(0)[0] == devices.get(1)[0]);
    world.finish(pool.get(0), one);
    List<ToWorker> frames = sent(pool.get(0));
    assertArrayEquals(devices.get(0), ((ToWorker.Execute) frames.get(0)).spec().gpuIds(),
        "the device the first gave back");
  }

  @Test
  void onlyTasksOfTheRunningTasksDemandWaitInABusyWorkersQueue() {
    FakeWorld world = new FakeWorld(1, 0, 4);
    Worker worker = world.startPool(1).get(0);
    TaskSpec plain = world.task("plain", 0);
    TaskSpec second = world.task("second", 0);
    TaskSpec half = world.task("half", "CPU=0.5");
    world.core.submit(plain, null);
    world.core.submit(half, null);
    world.core.submit(second, null);
    assertEquals(List.of(plain.taskId()), executed(worker),
        "the half-CPU task heads the queue and waits in the core, and so does what follows");
    world.finish(worker, plain);
    assertEquals(List.of(half.taskId()), executed(worker));
  }

  @Test
  void resourceUseShowsCapacityAndWhatRunningWorkHolds() {
    FakeWorld world = new FakeWorld(ResourceSet.parse("CPU=2,special=2"), 0, 16);
    world.startPool(2);
    world.core.submit(world.task("t", "CPU=0.5,special=1.5"), null);
    assertArrayEquals(new double[] {2, 0.5}, world.core.resourceUse().get("CPU"));
    assertArrayEquals(new double[] {2, 1.5}, world.core.resourceUse().get("special"));
  }

  private static List<Long> executedBy(List<Worker> pool) {
    List<Long> ids = new ArrayList<>();
    pool.forEach(worker -> ids.addAll(executed(worker)));
    return ids;
  }

  private static Worker runnerOf(List<Worker> pool, TaskSpec task) {
    for (Worker worker : pool) {
      if (worker.running() != null && worker.running().spec.taskId() == task.taskId()) {
        return worker;
      }
    }
    throw new AssertionError(task.displayName() + " runs nowhere");
  }
}
