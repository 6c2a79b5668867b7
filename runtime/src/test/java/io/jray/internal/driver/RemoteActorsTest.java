package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.RayException;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.resources.ResourceSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A cluster driver's actors in the core, with fake job hosts: no processes, no network. */
class RemoteActorsTest {
  private static FakeWorld cluster() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    world.core.useCluster();
    world.core.nodeJoined(1, ResourceSet.of(Map.of("CPU", 2.0)));
    world.core.nodeJoined(2, ResourceSet.of(Map.of("CPU", 2.0, "special", 1.0)));
    return world;
  }

  private static TaskSpec creation(FakeWorld world, String resources) {
    return world.task("new", resources);
  }

  private static List<Effect.CreateRemoteActor> created(FakeWorld world) {
    return world.effects.stream().filter(e -> e instanceof Effect.CreateRemoteActor)
        .map(e -> (Effect.CreateRemoteActor) e).collect(Collectors.toList());
  }

  private static List<Effect.CallRemoteActor> calls(FakeWorld world) {
    return world.effects.stream().filter(e -> e instanceof Effect.CallRemoteActor)
        .map(e -> (Effect.CallRemoteActor) e).collect(Collectors.toList());
  }

  @Test
  void actorsSpreadOverNodesAndOneThatAsksForAResourceGoesWhereItIs() {
    FakeWorld world = cluster();
    TaskSpec special = creation(world, "special=1");
    world.core.createDriverActor(special.taskId(), "a.Counter", null, 0, 0,
        ActorSettings.DEFAULT, special);
    TaskSpec plain = creation(world, "CPU=0");
    world.core.createDriverActor(plain.taskId(), "a.Counter", null, 0, 0,
        ActorSettings.DEFAULT, plain);
    assertEquals(List.of(2, 1), created(world).stream().map(Effect.CreateRemoteActor::slot)
        .collect(Collectors.toList()), "the second actor did not go to the node with fewer");
    assertEquals(0, world.spawned.size(), "a cluster driver started a process of its own");

    TaskSpec another = creation(world, "special=1");
    world.core.createDriverActor(another.taskId(), "a.Counter", null, 0, 0,
        ActorSettings.DEFAULT, another);
    assertEquals(2, created(world).size(), "two actors hold the node's one special");
    world.core.killActor(special.taskId());
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.KillRemoteActor kill
        && kill.slot() == 2 && kill.actorId() == special.taskId()));
    assertEquals(3, created(world).size(), "the waiting actor was not placed once room freed");
    assertEquals(2, created(world).get(2).slot());
  }

  @Test
  void callsGoInOrderEachAfterItsArgumentAndEndThroughTheCore() {
    FakeWorld world = cluster();
    TaskSpec actor = creation(world, "CPU=0");
    world.core.createDriverActor(actor.taskId(), "a.Counter", "counter", 0, 0,
        ActorSettings.DEFAULT, actor);
    assertEquals(actor.taskId(), world.core.lookUpActor("counter", "a.Counter"));
    TaskSpec task = world.task("make", 0);
    world.core.submitHeld(task);
    TaskSpec first = world.taskOf("first", task.taskId());
    TaskSpec second = world.task("second", 0);
    world.core.callActorHeld(actor.taskId(), first);
    world.core.callActorHeld(actor.taskId(), second);
    assertTrue(calls(world).isEmpty(), "a call went before its argument existed, or overtook");

    int madeOn = world.effects.stream().filter(e -> e instanceof Effect.Execute execute
        && execute.spec() == task).map(e -> ((Effect.Execute) e).slot()).findFirst().orElseThrow();
    world.core.remoteSettled(madeOn, task.taskId(), null, null);
    List<Effect.CallRemoteActor> sent = calls(world);
    assertEquals(List.of(first.taskId(), second.taskId()), sent.stream()
        .map(c -> c.call().taskId()).collect(Collectors.toList()));
    assertEquals(task.taskId(), sent.get(0).ids()[0]);

    int slot = sent.get(0).slot();
    world.core.remoteSettled(slot, first.taskId(), null, null);
    assertNull(world.settledError(first.taskId()));
    world.core.remoteSettled(slot, second.taskId(), "io.jray.TaskFailedException", "boom");
    assertTrue(world.settledError(second.taskId()).getMessage().contains("boom"));
  }

  @Test
  void aCallOrATaskWaitsForARefInsideItsValuesAsForARefArgument() {
    FakeWorld world = cluster();
    TaskSpec actor = creation(world, "CPU=0");
    world.core.createDriverActor(actor.taskId(), "a.Counter", null, 0, 0,
        ActorSettings.DEFAULT, actor);
    TaskSpec make = world.task("make", 0);
    world.core.submitHeld(make);
    TaskSpec call = world.taskHolding("call", make.taskId());
    world.core.callActorHeld(actor.taskId(), call);
    TaskSpec task = world.taskHolding("task", make.taskId());
    world.core.submitHeld(task);
    assertTrue(calls(world).isEmpty(), "a call went before the object inside its value existed");
    assertFalse(world.effects.stream().anyMatch(e -> e instanceof Effect.Execute execute
        && execute.spec() == task), "a task went before the object inside its value existed");

    int madeOn = world.effects.stream().filter(e -> e instanceof Effect.Execute execute
        && execute.spec() == make).map(e -> ((Effect.Execute) e).slot()).findFirst().orElseThrow();
    world.core.remoteSettled(madeOn, make.taskId(), null, null);
    Effect.CallRemoteActor sent = calls(world).get(0);
    assertEquals(List.of(make.taskId()), java.util.Arrays.stream(sent.ids()).boxed().toList());
    assertEquals(madeOn, sent.slots()[0], "the actor's node was not told where the object is");
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.Execute execute
        && execute.spec() == task));
  }

  @Test
  void anActorOnALostNodeRestartsElsewhereWithItsCallsUntilItsRestartsAreSpent() {
    FakeWorld world = cluster();
    TaskSpec actor = creation(world, "CPU=0");
    world.core.createDriverActor(actor.taskId(), "a.Counter", null, 1, 1,
        ActorSettings.DEFAULT, actor);
    TaskSpec call = world.task("call", 0);
    world.core.callActorHeld(actor.taskId(), call);
    int firstNode = created(world).get(0).slot();

    world.core.nodeLost(firstNode, "killed");
    assertEquals(2, created(world).size(), "the actor was not created again");
    int secondNode = created(world).get(1).slot();
    assertNotEquals(firstNode, secondNode);
    assertEquals(0, created(world).get(1).maxRestarts(), "its job host may restart it again");
    List<Effect.CallRemoteActor> sent = calls(world);
    assertEquals(2, sent.size(), "the call it was running was not sent again");
    assertEquals(secondNode, sent.get(1).slot());
    assertFalse(world.settled(call.taskId()));

    world.core.nodeLost(secondNode, "killed too");
    assertInstanceOf(ActorDiedException.class, world.settledError(call.taskId()));
    TaskSpec late = world.task("late", 0);
    world.core.callActorHeld(actor.taskId(), late);
    RayException dead = world.settledError(late.taskId());
    assertTrue(dead.getMessage().contains("may not restart"), dead.getMessage());
  }

  @Test
  void aTakenNameIsRefusedAndNoNodeAtAllIsAClearError() {
    FakeWorld world = cluster();
    TaskSpec one = creation(world, "CPU=0");
    world.core.createDriverActor(one.taskId(), "a.Counter", "svc", 0, 0,
        ActorSettings.DEFAULT, one);
    TaskSpec two = creation(world, "CPU=0");
    RayException taken = assertThrows(RayException.class, () -> world.core.createDriverActor(
        two.taskId(), "a.Counter", "svc", 0, 0, ActorSettings.DEFAULT, two));
    assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());

    FakeWorld empty = new FakeWorld(1, 0, 16);
    empty.core.useCluster();
    TaskSpec lonely = creation(empty, "CPU=0");
    RayException none = assertThrows(RayException.class, () -> empty.core.createDriverActor(
        lonely.taskId(), "a.Counter", null, 0, 0, ActorSettings.DEFAULT, lonely));
    assertTrue(none.getMessage().contains("No node of the cluster"), none.getMessage());
  }

  @Test
  void aDetachedActorsCallsWaitForItsHostAndGoThereUnderItsIdThere() {
    FakeWorld world = cluster();
    TaskSpec actor = creation(world, "CPU=0");
    world.core.createDriverActor(actor.taskId(), "a.Counter", "svc", 0, 0,
        new ActorSettings(1, 0, false, true), actor);
    Effect.CreateRemoteActor create = created(world).get(0);
    assertTrue(create.detached());
    assertEquals("svc", create.name());
    TaskSpec call = world.task("call", 0);
    world.core.callActorHeld(actor.taskId(), call);
    assertTrue(calls(world).isEmpty(), "a call went before the detached host had the actor");

    world.core.detachedCreated(actor.taskId(), 9, 4242L);
    Effect.CallRemoteActor sent = calls(world).get(0);
    assertEquals(List.of(9, 4242L), List.of(sent.slot(), sent.actorId()));
    world.core.remoteSettled(9, call.taskId(), null, null);
    assertNull(world.settledError(call.taskId()));
    // A task's call through a handle it was passed: its result was copied into the driver's store.
    TaskSpec forwarded = world.task("forwarded", 0);
    world.core.forwardedCall(7, actor.taskId(), forwarded);
    world.core.remoteSettled(9, forwarded.taskId(), null, null);
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.TellForwarded tell
        && tell.toSlot() == 7 && tell.id() == forwarded.taskId() && tell.atSlot() == 0),
        "the job host that forwarded it was not told to copy it from the driver");

    // Its node is lost: it starts again elsewhere, its name's table deciding whether it may.
    TaskSpec waiting = world.task("waiting", 0);
    world.core.callActorHeld(actor.taskId(), waiting);
    world.core.nodeLost(9, "killed");
    assertEquals(2, created(world).size(), "a detached actor was not started again");
    assertTrue(created(world).get(1).restart());
    assertInstanceOf(ActorDiedException.class, world.settledError(waiting.taskId()),
        "a call it was running was sent again though it may not be retried");
    world.core.detachedFailed(actor.taskId(), "its 1 restart(s) are spent");
    TaskSpec late = world.task("late", 0);
    world.core.callActorHeld(actor.taskId(), late);
    ActorDiedException died = assertInstanceOf(ActorDiedException.class,
        world.settledError(late.taskId()));
    assertTrue(died.getMessage().contains("lost its node, and its 1 restart(s) are spent"),
        died.getMessage());
  }

  @Test
  void aCallAJobHostForwardsGoesInTheActorsOrderAndThatJobHostHearsWhereItsResultIs() {
    FakeWorld world = cluster();
    TaskSpec actor = creation(world, "CPU=0");
    world.core.createDriverActor(actor.taskId(), "a.Counter", null, 0, 0,
        ActorSettings.DEFAULT, actor);
    int home = created(world).get(0).slot();
    TaskSpec own = world.task("own", 0);
    world.core.callActorHeld(actor.taskId(), own);
    TaskSpec forwarded = world.task("forwarded", 0);
    world.core.forwardedCall(7, actor.taskId(), forwarded);
    assertEquals(List.of(own.taskId(), forwarded.taskId()), calls(world).stream()
        .map(c -> c.call().taskId()).collect(Collectors.toList()));

    world.core.remoteSettled(home, forwarded.taskId(), null, null);
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.TellForwarded tell
        && tell.toSlot() == 7 && tell.id() == forwarded.taskId() && tell.atSlot() == home
        && tell.errorClass() == null), "the job host that forwarded it was not told");
    assertFalse(world.settled(forwarded.taskId()), "the driver settled a job host's result");

    world.core.killActor(actor.taskId());
    TaskSpec late = world.task("late", 0);
    world.core.forwardedCall(7, actor.taskId(), late);
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.TellForwarded tell
        && tell.id() == late.taskId() && tell.errorClass().endsWith("ActorDiedException")));
  }

  @Test
  void aJobHostForwardsACallToAnActorItDoesNotKnowAndSettlesItWhenTold() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    world.core.forwardUnknownActorCalls();
    TaskSpec call = world.task("call", 0);
    world.core.callActorHeld(4242L, call);
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.ForwardCall forward
        && forward.actorId() == 4242L && forward.call() == call));
    assertFalse(world.settled(call.taskId()));
    world.core.forwardedSettled(call.taskId(), "io.jray.ActorDiedException", "gone");
    assertInstanceOf(ActorDiedException.class, world.settledError(call.taskId()));

    world.core.killActor(4242L);
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.ForwardKill kill
        && kill.actorId() == 4242L), "a kill of an actor it does not know stayed here");
  }
}
