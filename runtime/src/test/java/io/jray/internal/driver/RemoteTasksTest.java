package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectLostException;
import io.jray.RayException;
import io.jray.WorkerDiedException;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.resources.ResourceSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The core's tasks on a cluster's nodes, with fake job hosts: no processes, no network. */
class RemoteTasksTest {
  private static FakeWorld cluster(int... cpusPerSlot) {
    FakeWorld world = new FakeWorld(1, 0, 16);
    world.core.useCluster();
    for (int slot = 1; slot <= cpusPerSlot.length; slot++) {
      world.core.nodeJoined(slot, ResourceSet.of(Map.of("CPU", (double) cpusPerSlot[slot - 1])));
    }
    return world;
  }

  private static List<Effect.Execute> sent(FakeWorld world) {
    return world.effects.stream().filter(e -> e instanceof Effect.Execute)
        .map(e -> (Effect.Execute) e).collect(Collectors.toList());
  }

  private static int slotOf(FakeWorld world, TaskSpec task) {
    return sent(world).stream().filter(e -> e.spec().taskId() == task.taskId())
        .reduce((first, last) -> last).orElseThrow().slot();
  }

  @Test
  void tasksGoToTheNodeWithTheMostRoomAndEndThroughTheCore() {
    FakeWorld world = cluster(1, 2);
    TaskSpec one = world.task("one", 0);
    TaskSpec two = world.task("two", 0);
    TaskSpec three = world.task("three", 0);
    world.core.submitHeld(one);
    world.core.submitHeld(two);
    world.core.submitHeld(three);
    assertEquals(List.of(2, 2, 1), List.of(slotOf(world, one), slotOf(world, two),
        slotOf(world, three)));

    world.core.remoteSettled(2, one.taskId(), null, null);
    assertNull(world.settledError(one.taskId()));
    world.core.remoteSettled(1, three.taskId(), "io.jray.TaskFailedException", "boom");
    RayException failed = world.settledError(three.taskId());
    assertTrue(failed.getMessage().contains("boom"), failed.getMessage());
    assertEquals(0, world.spawned.size(), "a cluster driver started a worker of its own");
  }

  @Test
  void aCancelledTaskOnANodeFailsAtOnceIsCancelledThereAndNeverRetried() {
    FakeWorld world = cluster(1);
    TaskSpec running = world.task("running", 3);
    TaskSpec waiting = world.taskOf("waiting", running.taskId());
    world.core.submitHeld(running);
    world.core.submitHeld(waiting);
    world.core.cancel(waiting.taskId(), false, false);
    world.core.cancel(running.taskId(), false, true);
    assertInstanceOf(io.jray.TaskCancelledException.class, world.settledError(running.taskId()));
    assertInstanceOf(io.jray.TaskCancelledException.class, world.settledError(waiting.taskId()));
    assertTrue(world.effects.contains(
        new Effect.CancelRemoteTask(1, running.taskId(), false, true)),
        "the node was not told: " + world.effects);

    world.core.remoteSettled(1, running.taskId(), null, null);
    assertInstanceOf(io.jray.TaskCancelledException.class, world.settledError(running.taskId()));
    world.core.nodeLost(1, "killed");
    assertEquals(1, sent(world).size(), "a cancelled task ran again");
  }

  @Test
  void resourcesSteerTasksToTheNodeThatHasThemAndBoundWhatRunsThere() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    world.core.useCluster();
    world.core.nodeJoined(1, ResourceSet.of(Map.of("CPU", 4.0)));
    world.core.nodeJoined(2, ResourceSet.of(Map.of("CPU", 1.0, "special", 1.0)));
    TaskSpec first = special(world, "first");
    TaskSpec second = special(world, "second");
    TaskSpec gpu = new TaskSpec(world.newId(), "f", "gpu", 0, false, new byte[0][],
        new long[0], new long[0], ResourceSet.of(Map.of("GPU", 1.0)), new int[0]);
    world.core.submitHeld(first);
    world.core.submitHeld(second);
    world.core.submitHeld(gpu);
    assertEquals(2, slotOf(world, first));
    assertEquals(1, sent(world).size(), "two tasks took the node's one special at once");

    world.core.remoteSettled(2, first.taskId(), null, null);
    assertEquals(2, slotOf(world, second));
    assertTrue(sent(world).stream().noneMatch(e -> e.spec() == gpu), "no node has a GPU");
    assertTrue(!world.settled(gpu.taskId()), "a task no node has room for yet must wait");
  }

  private static TaskSpec special(FakeWorld world, String name) {
    return new TaskSpec(world.newId(), "f", name, 0, false, new byte[0][], new long[0],
        new long[0], ResourceSet.of(Map.of("CPU", 1.0, "special", 1.0)), new int[0]);
  }

  @Test
  void aTaskWaitsForItsArgumentAndIsToldWhichNodeHasIt() {
    FakeWorld world = cluster(1, 1);
    TaskSpec first = world.task("first", 0);
    world.core.submitHeld(first);
    TaskSpec second = world.taskOf("second", first.taskId());
    world.core.submitHeld(second);
    assertEquals(1, sent(world).size(), "the second task went before its argument existed");

    int where = slotOf(world, first);
    world.core.remoteSettled(where, first.taskId(), null, null);
    Effect.Execute execute = sent(world).get(1);
    assertEquals(second.taskId(), execute.spec().taskId());
    assertEquals(first.taskId(), execute.ids()[0]);
    assertEquals(where, execute.slots()[0]);
  }

  @Test
  void aLostNodesTasksRunElsewhereUntilTheirRetriesAreSpentAndItsObjectsAreLost() {
    FakeWorld world = cluster(1, 1);
    TaskSpec made = world.task("made", 0);
    world.core.submitHeld(made);
    int madeOn = slotOf(world, made);
    world.core.remoteSettled(madeOn, made.taskId(), null, null);

    TaskSpec retried = world.task("retried", 1);
    world.core.submitHeld(retried);
    int firstTry = slotOf(world, retried);
    world.core.nodeLost(firstTry, "killed");
    int secondTry = slotOf(world, retried);
    assertTrue(secondTry != firstTry, "the task ran again on the node that is gone");
    if (madeOn == firstTry) {
      assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.Lost lost
          && lost.id() == made.taskId()
          && lost.error() instanceof ObjectLostException), "the lost node's result is not lost");
    }

    world.core.nodeLost(secondTry, "killed too");
    assertInstanceOf(WorkerDiedException.class, world.settledError(retried.taskId()));

    TaskSpec nowhere = world.task("nowhere", 3);
    world.core.submitHeld(nowhere);
    RayException noNode = world.settledError(nowhere.taskId());
    assertTrue(noNode.getMessage().contains("No node of the cluster is left"), noNode.getMessage());
  }

  @Test
  void aResultOnALostNodeIsMadeAgainByItsTaskWhileItsRetriesLastElseItIsLost() {
    FakeWorld world = cluster(1, 1, 1);
    TaskSpec made = world.task("made", 1);
    world.core.submitHeld(made);
    int first = slotOf(world, made);
    world.core.remoteSettled(first, made.taskId(), null, null);

    world.core.nodeLost(first, "killed");
    int second = slotOf(world, made);
    assertTrue(second != first, "the task was not run again elsewhere");
    assertTrue(world.effects.stream().noneMatch(e -> e instanceof Effect.Lost),
        "a result its task could make again was given up");
    TaskSpec user = world.taskOf("user", made.taskId());
    world.core.submitHeld(user);
    assertTrue(sent(world).stream().noneMatch(e -> e.spec() == user),
        "a task ran before its argument was made again");
    world.core.remoteSettled(second, made.taskId(), null, null);
    assertEquals(second, slotOf(world, user));
    assertEquals(made.taskId(), sent(world).get(sent(world).size() - 1).ids()[0]);

    world.core.nodeLost(second, "killed too");
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.Lost lost
        && lost.id() == made.taskId() && lost.error().getMessage().contains("may not run again")),
        "a result whose task spent its retries was not lost");
  }

  @Test
  void aTaskThatNeedsALostObjectCannotMakeItsResultAgain() {
    FakeWorld world = cluster(1, 1);
    TaskSpec source = world.task("source", 0);
    world.core.submitHeld(source);
    int where = slotOf(world, source);
    world.core.remoteSettled(where, source.taskId(), null, null);
    TaskSpec busy = world.task("busy", 0);
    world.core.submitHeld(busy);
    assertEquals(where, slotOf(world, busy)); // both equally free: the first
    TaskSpec derived = new TaskSpec(world.newId(), "f#derived", "derived", 2, false,
        new byte[][] {null}, new long[] {source.taskId()}, new long[0]);
    world.core.submitHeld(derived);
    assertEquals(where, slotOf(world, derived),
        "the task went to the node with more room, not to the one that holds its argument");
    world.core.remoteSettled(where, derived.taskId(), null, null);

    world.core.nodeLost(where, "killed");
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.Lost lost
        && lost.id() == derived.taskId() && lost.error().getMessage().contains("lost too")),
        "a result whose argument is lost was not lost");
  }
}
