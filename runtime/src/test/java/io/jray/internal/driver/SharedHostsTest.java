package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.resources.ResourceSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the driver's core places actors in host JVMs they share: lanes, a host kept ready, each
 * actor's own fate when its host dies, kills that end one actor, and actors kept alone. Fake
 * workers, no processes; three actors to a host.
 */
class SharedHostsTest {
  private final FakeWorld world = new FakeWorld(
      ResourceSet.of(Map.of(ResourceSet.CPU, 2.0)), 0, 16, 3);

  private long create(int maxRestarts, ActorSettings settings) {
    TaskSpec creation = new TaskSpec(world.newId(), "f#Keeper.<init>", "Keeper.<init>", 0,
        false, new byte[0][], new long[0], new long[0], ResourceSet.EMPTY, new int[0]);
    return world.core.createActor(creation.taskId(), "a.Keeper", null, maxRestarts, 0, settings,
        creation, null);
  }

  /** The lane of {@code actor} that the core opened last, said hello. */
  private Worker connectLane(long actor) {
    for (int i = world.lanes.size() - 1; i >= 0; i--) {
      Worker lane = world.lanes.get(i);
      if (lane.actorId == actor) {
        world.connect(lane);
        return lane;
      }
    }
    throw new AssertionError("no lane was opened for actor " + actor);
  }

  private static boolean createsActor(Worker worker, long actor) {
    return FakeWorld.sent(worker).stream()
        .anyMatch(f -> f instanceof ToWorker.CreateActor c && c.actorId() == actor);
  }

  private List<Worker> spawnedHosts() {
    return world.spawned.stream().filter(w -> w.sharedHost).toList();
  }

  @Test
  void actorsShareAHostThatOpensTheirLanesOnceItIsUpAndAnotherStartsWhenItIsFull() {
    long a = create(0, ActorSettings.DEFAULT);
    long b = create(0, ActorSettings.DEFAULT);
    assertEquals(1, spawnedHosts().size(), "one host for both");
    assertEquals(List.of(), world.lanes, "no lane opens before the host says hello");
    Worker host = spawnedHosts().get(0);
    world.connect(host);
    assertEquals(List.of(a, b), world.lanes.stream().map(l -> l.actorId).toList());
    assertTrue(world.lanes.stream().allMatch(l -> l.host == host));
    Worker laneA = connectLane(a);
    assertTrue(createsActor(laneA, a), "its lane gets its constructor, as a process would");
    long c = create(0, ActorSettings.DEFAULT);
    assertEquals(c, world.lanes.get(2).actorId, "the host is up: the lane opens at once");
    assertEquals(2, spawnedHosts().size(), "a full host starts the next one ahead of need");
    create(0, ActorSettings.DEFAULT);
    assertSame(spawnedHosts().get(1), world.spawned.get(world.spawned.size() - 1));
    assertEquals(2, spawnedHosts().size());
  }

  @Test
  void aKilledActorClosesItsLaneAndItsHostServesTheOthers() {
    long a = create(0, ActorSettings.DEFAULT);
    long b = create(0, ActorSettings.DEFAULT);
    world.connect(spawnedHosts().get(0));
    Worker laneA = connectLane(a);
    Worker laneB = connectLane(b);
    world.core.killActor(a);
    assertEquals(List.of(laneA), world.killed, "only its lane closes: the host lives");
    world.core.workerExited(laneA, 0, "its channel closed");
    FakeWorld.sent(laneB);
    TaskSpec call = world.task("Keeper.bump", 0);
    world.core.callActor(b, call);
    assertTrue(FakeWorld.sent(laneB).stream()
        .anyMatch(f -> f instanceof ToWorker.ActorCall ac && ac.call() == call));
    long c = create(0, ActorSettings.DEFAULT);
    assertSame(spawnedHosts().get(0), world.lanes.get(world.lanes.size() - 1).host,
        "the killed actor's room is free again");
    assertEquals(c, world.lanes.get(world.lanes.size() - 1).actorId);
  }

  @Test
  void whenASharedHostDiesEachActorFollowsItsOwnRestartsAndIsToldWhoItShared() {
    long restarts = create(1, ActorSettings.DEFAULT);
    long dies = create(0, ActorSettings.DEFAULT);
    Worker host = spawnedHosts().get(0);
    world.connect(host);
    Worker laneR = connectLane(restarts);
    Worker laneD = connectLane(dies);
    TaskSpec pending = world.task("Keeper.bump", 0);
    world.core.callActor(dies, pending);
    world.core.workerExited(host, 137, "died with exit code 137");
    world.core.workerExited(laneR, 137, "died with exit code 137");
    world.core.workerExited(laneD, 137, "died with exit code 137");
    ActorDiedException died =
        assertInstanceOf(ActorDiedException.class, world.settledError(pending.taskId()));
    assertTrue(died.getMessage().contains("its host process (pid=0), which it shared with 1 other"
        + " actor, died with exit code 137"), died.getMessage());
    Worker newHost = spawnedHosts().get(spawnedHosts().size() - 1);
    world.connect(newHost);
    Worker again = world.lanes.get(world.lanes.size() - 1);
    assertEquals(restarts, again.actorId, "restarted in a lane of a host that lives");
    assertSame(newHost, again.host);
    assertFalse(newHost == host);
  }

  @Test
  void anActorThatCalledSystemExitInASharedHostRestartsAlone() {
    long exits = create(1, ActorSettings.DEFAULT);
    long other = create(0, ActorSettings.DEFAULT);
    Worker host = spawnedHosts().get(0);
    world.connect(host);
    Worker laneE = connectLane(exits);
    Worker laneO = connectLane(other);
    TaskSpec pending = world.task("Keeper.bump", 0);
    world.core.callActor(other, pending);
    world.core.frame(host, new ToDriver.HostExiting(exits));
    world.core.workerExited(host, 3, "died with exit code 3");
    world.core.workerExited(laneE, 3, "died with exit code 3");
    world.core.workerExited(laneO, 3, "died with exit code 3");
    String message = world.settledError(pending.taskId()).getMessage();
    assertTrue(message.contains("called System.exit"), message);
    Worker alone = world.spawned.get(world.spawned.size() - 1);
    assertEquals(exits, alone.actorId, "it restarts in a JVM of its own");
    assertFalse(alone.isLane());
  }

  @Test
  void callsMadeWhileAHostIsExitingWaitForTheActorsNextLifeAndNoActorMovesIn() {
    long exits = create(1, ActorSettings.DEFAULT);
    long restarts = create(1, ActorSettings.DEFAULT);
    Worker host = spawnedHosts().get(0);
    world.connect(host);
    Worker laneE = connectLane(exits);
    Worker laneR = connectLane(restarts);
    FakeWorld.sent(laneR);
    world.core.frame(host, new ToDriver.HostExiting(exits));
    TaskSpec call = world.task("Keeper.get", 0);
    world.core.callActor(restarts, call);
    assertTrue(FakeWorld.sent(laneR).isEmpty(), "nothing goes into a JVM on its way out");
    long newcomer = create(0, ActorSettings.DEFAULT);
    assertEquals(2, spawnedHosts().size(), "the exiting host, with room, takes no one");
    Worker next = spawnedHosts().get(1);
    world.connect(next);
    assertSame(next, connectLane(newcomer).host);

    world.core.workerExited(host, 7, "died with exit code 7");
    world.core.workerExited(laneE, 7, "died with exit code 7");
    world.core.workerExited(laneR, 7, "died with exit code 7");
    assertFalse(world.settled(call.taskId()), "the call waits for the restarted actor");
    Worker again = connectLane(restarts);
    assertSame(next, again.host);
    assertTrue(FakeWorld.sent(again).stream()
        .anyMatch(f -> f instanceof ToWorker.ActorCall c && c.call().taskId() == call.taskId()),
        "and goes to it");
  }

  @Test
  void aHostThatSaysItIsExitingButDoesNotEndIsEndedAfterTheGrace() {
    long exits = create(1, ActorSettings.DEFAULT);
    Worker host = spawnedHosts().get(0);
    world.connect(host);
    connectLane(exits);
    world.core.frame(host, new ToDriver.HostExiting(exits));
    assertTrue(world.effects.stream().anyMatch(e -> e instanceof Effect.TickAt),
        "no tick comes to end it");
    world.advance(ActorHosts.EXIT_GRACE_NANOS / 1_000_000 - 1);
    world.core.tick();
    assertEquals(List.of(), world.killed, "ended before its grace was over");
    world.advance(1);
    world.core.tick();
    assertEquals(List.of(host), world.killed);
    world.advance(ActorHosts.EXIT_GRACE_NANOS / 1_000_000);
    world.core.tick();
    assertEquals(List.of(host), world.killed, "ended twice");
  }

  @Test
  void anIsolatedActorGetsAJvmOfItsOwn() {
    long isolated = create(0, new ActorSettings(1, 0, false, false, true));
    Worker own = world.spawned.get(world.spawned.size() - 1);
    assertEquals(isolated, own.actorId);
    assertFalse(own.isLane());
    assertNull(own.host);
    assertEquals(List.of(), spawnedHosts());
  }

  @Test
  void aHostLeftWithoutActorsRetiresUnlessItIsTheOnlyOneWithRoom() {
    long a = create(0, ActorSettings.DEFAULT);
    create(0, ActorSettings.DEFAULT);
    create(0, ActorSettings.DEFAULT); // the first host is full: a second one starts
    Worker first = spawnedHosts().get(0);
    Worker second = spawnedHosts().get(1);
    world.connect(first);
    world.connect(second);
    for (Worker lane : List.copyOf(world.lanes)) {
      world.connect(lane);
      world.core.killActor(lane.actorId);
      world.core.workerExited(lane, 0, "its channel closed");
    }
    world.advance(ActorHosts.IDLE_BEFORE_RETIRING_NANOS / 1_000_000 + 1);
    FakeWorld.sent(first);
    FakeWorld.sent(second);
    world.core.tick();
    int retired = 0;
    for (Worker host : List.of(first, second)) {
      if (FakeWorld.sent(host).contains(ToWorker.Shutdown.INSTANCE)) {
        retired++;
      }
    }
    assertEquals(1, retired, "one retires; the other stays ready for the next actor");
    assertTrue(a != 0);
  }
}
