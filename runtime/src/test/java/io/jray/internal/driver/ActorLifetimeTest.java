package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.RayException;
import io.jray.internal.dashboard.ActorLoad;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the driver's core ends actors: by their handles, with their owners, by exitActor; and what
 * it answers about them (getIfExists, their load). Fake workers, no processes.
 */
class ActorLifetimeTest {
  private final FakeWorld world = new FakeWorld(1, 0, 16);

  private long create(String name, ActorSettings settings, Worker owner) {
    TaskSpec creation = world.task("Keeper.<init>", 0);
    return world.core.createActor(creation.taskId(), "a.Keeper", name, 1, 0, settings, creation,
        owner);
  }

  @Test
  void anUnnamedActorEndsOnceNoHandleIsLeftAndItsCallsAreDone() {
    long actor = create(null, ActorSettings.DEFAULT, null);
    Worker host = world.connectNewest();
    world.core.localAcquired(actor); // the driver's handle
    TaskSpec call = world.task("Keeper.bump", 0);
    world.core.callActor(actor, call);
    world.core.localReleased(actor);
    assertEquals(List.of(), world.killed, "its call runs first");
    world.store.add(call.taskId());
    world.core.frame(host, new ToDriver.TaskDone(call.taskId(), null, new long[0], true));
    assertEquals(List.of(host), world.killed);
    TaskSpec late = world.task("Keeper.bump", 0);
    world.core.callActor(actor, late);
    ActorDiedException died =
        assertInstanceOf(ActorDiedException.class, world.settledError(late.taskId()));
    assertTrue(died.getMessage().contains("no handle to it was left"), died.getMessage());
  }

  @Test
  void namedAndDetachedActorsOutliveTheirHandles() {
    long named = create("keeper", ActorSettings.DEFAULT, null);
    world.connectNewest();
    long detached = create(null, new ActorSettings(1, 0, false, true), null);
    world.connectNewest();
    for (long actor : new long[] {named, detached}) {
      world.core.localAcquired(actor);
      world.core.localReleased(actor);
    }
    assertEquals(List.of(), world.killed);
  }

  @Test
  void actorsEndWithTheProcessThatCreatedThemUnlessDetached() {
    Worker owner = world.startPool(1).get(0);
    create(null, ActorSettings.DEFAULT, owner);
    Worker owned = world.connectNewest();
    create(null, new ActorSettings(1, 0, false, true), owner);
    world.connectNewest();
    world.core.workerExited(owner, 137, "died with exit code 137");
    assertEquals(List.of(owned), world.killed);
  }

  @Test
  void aPoolWorkerThatRetiresHandsItsActorsToTheDriver() {
    Worker owner = world.startPool(1).get(0);
    long actor = create(null, ActorSettings.DEFAULT, owner);
    Worker host = world.connectNewest();
    world.core.workerExited(owner, 0, "retired");
    assertEquals(List.of(), world.killed);
    world.core.workerExited(host, 137, "died with exit code 137"); // and restarts: maxRestarts 1
    assertEquals(world.spawned.get(world.spawned.size() - 1).actorId, actor);
  }

  @Test
  void exitActorFromItsOwnHostEndsItWithoutRestart() {
    long actor = create("keeper", ActorSettings.DEFAULT, null);
    Worker host = world.connectNewest();
    int spawned = world.spawned.size();
    world.core.frame(host, new ToDriver.KillActor(actor));
    assertEquals(List.of(host), world.killed);
    world.core.workerExited(host, 0, "exited");
    assertEquals(spawned, world.spawned.size(), "not restarted, though maxRestarts is 1");
    TaskSpec late = world.task("Keeper.bump", 0);
    world.core.callActor(actor, late);
    assertTrue(world.settledError(late.taskId()).getMessage().contains("Ray.exitActor()"));
  }

  @Test
  void getIfExistsAnswersWithTheLiveActorOfThatName() {
    long first = create("keeper", ActorSettings.DEFAULT, null);
    assertEquals(first, create("keeper", new ActorSettings(1, 0, true, false), null));
    RayException taken = org.junit.jupiter.api.Assertions.assertThrows(RayException.class,
        () -> create("keeper", ActorSettings.DEFAULT, null));
    assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
  }

  @Test
  void theLoadCountsCallsSentUpToTheConcurrencyAsRunningAndTheRestAsWaiting() {
    long actor = create(null, new ActorSettings(2, 1, false, false), null);
    world.connectNewest();
    for (int i = 0; i < 5; i++) {
      world.core.callActor(actor, world.task("Keeper.bump", 0));
    }
    assertEquals(new ActorLoad(3, 3, 2), world.core.actorLoads().get(actor));
  }
}
