package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.TaskFailedException;
import io.jray.TaskOptions;
import io.jray.state.ActorInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actors beyond one call at a time, across real processes: one thread by default, threaded
 * actors, concurrency groups, future results, exitActor, getIfExists, options that do not apply,
 * and the runtime context after a restart.
 */
class ActorConcurrencyIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void aDefaultActorRunsEveryCallOnOneThread() {
    Concurrency_ThreadKeeperRemote keeper = Concurrency_ThreadKeeperRemote.create();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      seen.add(Ray.get(keeper.bump())); // one at a time
    }
    List<ObjectRef<String>> burst = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      burst.add(keeper.bump()); // pipelined
    }
    seen.addAll(Ray.get(burst, LONG));
    seen.add(Ray.get(keeper.bumpAfterGet(41), LONG)); // waits in get meanwhile
    seen.add(Ray.get(keeper.bump()));
    Set<String> threads = new HashSet<>();
    for (int i = 0; i < seen.size(); i++) {
      String[] parts = seen.get(i).split(":");
      threads.add(parts[0]);
      // The ThreadLocal counted every call before this one: all ran on its thread.
      assertEquals(i + 1, Integer.parseInt(parts[1]), seen.get(i));
    }
    assertEquals(1, threads.size(), threads.toString());
    assertTrue(threads.iterator().next().startsWith("jray-actor#"), threads.toString());
    assertTrue(seen.get(seen.size() - 2).endsWith(":42"), seen.get(seen.size() - 2));
    Ray.kill(keeper);
  }

  @Test
  void aThreadedActorsCallsOverlap() {
    Concurrency_MeetingRemote meeting =
        Concurrency_MeetingRemote.options().maxConcurrency(4).create(4);
    List<ObjectRef<String>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(meeting.meet(60)); // each returns only once all four run at once
    }
    List<String> threads = Ray.get(calls, LONG);
    assertEquals(4, new HashSet<>(threads).size(), threads.toString());
    assertEquals(4, Ray.get(meeting.most()));
    Ray.kill(meeting);
  }

  @Test
  void theStateShowsAnActorsConcurrencyAndItsCallsThatRunAndWait() throws Exception {
    Concurrency_MeetingRemote meeting =
        Concurrency_MeetingRemote.options().maxConcurrency(2).create(3);
    List<ObjectRef<String>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(meeting.meet(60)); // two run and wait for a third that cannot start
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ActorInfo info;
    do {
      assertTrue(System.nanoTime() < deadline, "no 2 running and 1 waiting within 30 s");
      Thread.sleep(20);
      info = Ray.state().actors(0, 10_000).items().stream()
          .filter(a -> a.actorId().equals(meeting.actorId())).findFirst().orElseThrow();
    } while (info.running() != 2 || info.waiting() != 1);
    assertEquals("Meeting", info.simpleClassName());
    assertEquals(2, info.concurrency());
    Ray.kill(meeting);
    assertThrows(ActorDiedException.class, () -> Ray.get(calls, LONG));
  }

  @Test
  void aDefaultActorDoesNotOverlapItsCalls() {
    Concurrency_MeetingRemote meeting = Concurrency_MeetingRemote.create(2);
    ObjectRef<String> first = meeting.meet(1);
    ObjectRef<String> second = meeting.meet(1);
    // Alone at the barrier, each call times out: they never ran at once.
    TaskFailedException e = assertThrows(TaskFailedException.class, () -> Ray.get(first, LONG));
    assertInstanceOf(java.util.concurrent.TimeoutException.class, e.getCause());
    assertThrows(TaskFailedException.class, () -> Ray.get(second, LONG));
    assertEquals(1, Ray.get(meeting.most()));
    Ray.kill(meeting);
  }

  @Test
  void aHealthCheckInItsOwnGroupDoesNotWaitBehindALongCall() {
    Concurrency_ServerRemote server = Concurrency_ServerRemote.create();
    ObjectRef<Boolean> work = server.work();
    String pingThread = Ray.get(server.ping(), Duration.ofSeconds(30));
    assertTrue(pingThread.startsWith("jray-actor-health-"), pingThread);
    assertTrue(Ray.wait(List.of(work), 1, Duration.ZERO).ready().isEmpty(),
        "the long call still runs");
    assertTrue(Ray.get(server.release(), Duration.ofSeconds(30)));
    assertTrue(Ray.get(work, LONG), "released, not timed out");
    Ray.kill(server);
  }

  @Test
  void aFutureResultDoesNotHoldTheActor() {
    Concurrency_LaterRemote later = Concurrency_LaterRemote.create();
    ObjectRef<String> pending = later.await("a");
    ObjectRef<Long> pid = later.pidLater();
    assertTrue(Ray.get(pid, Duration.ofSeconds(30)) > 0, "a call after the pending one ran");
    assertTrue(Ray.wait(List.of(pending), 1, Duration.ZERO).ready().isEmpty());
    assertTrue(Ray.get(later.complete("a", "done"), Duration.ofSeconds(30)));
    assertEquals("done", Ray.get(pending, LONG));
    TaskFailedException failed =
        assertThrows(TaskFailedException.class, () -> Ray.get(later.failing(), LONG));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertEquals("the future failed", failed.getCause().getMessage());
    Ray.kill(later);
  }

  @Test
  void aTaskThatReturnsAFutureGivesItsValue() {
    assertEquals(42L, Ray.get(ConcurrencyRemote.doubleLater(21), LONG));
  }

  @Test
  void exitActorEndsTheActorForGoodAndItsProcess() throws Exception {
    // Alone in its JVM, so that its end shows as its process's (ActorFleetIT: in a shared one).
    Concurrency_ThreadKeeperRemote keeper =
        Concurrency_ThreadKeeperRemote.options().maxRestarts(3).isolated(true).create();
    long pid = Ray.get(keeper.pid());
    ActorDiedException died =
        assertThrows(ActorDiedException.class, () -> Ray.get(keeper.exitNow(), LONG));
    assertTrue(died.getMessage().contains("Ray.exitActor()"), died.getMessage());
    ActorDiedException later =
        assertThrows(ActorDiedException.class, () -> Ray.get(keeper.bump(), LONG));
    assertTrue(later.getMessage().contains("Ray.exitActor()"), later.getMessage());
    assertProcessEnds(pid);
  }

  @Test
  void exitActorOutsideAnActorIsAnError() {
    RayException driver = assertThrows(RayException.class, Ray::exitActor);
    assertTrue(driver.getMessage().contains("outside any actor"), driver.getMessage());
    RayException task = assertThrows(RayException.class,
        () -> Ray.get(ConcurrencyRemote.exitFromTask(), LONG));
    assertTrue(task.getMessage().contains("outside any actor"), task.getMessage());
  }

  @Test
  void getIfExistsReturnsTheLiveNamedActor() {
    Concurrency_ThreadKeeperRemote first =
        Concurrency_ThreadKeeperRemote.options().name("keeper").create();
    Ray.get(first.bump());
    Concurrency_ThreadKeeperRemote again =
        Concurrency_ThreadKeeperRemote.options().name("keeper").getIfExists(true).create();
    assertEquals(first, again);
    assertTrue(Ray.get(again.bump()).endsWith(":2"), "the same actor, with its state");
    assertEquals(first.actorId(), Ray.get(ConcurrencyRemote.sharedFromTask("keeper"), LONG));
    assertThrows(RayException.class,
        () -> Concurrency_ThreadKeeperRemote.options().name("keeper").create());
    Ray.kill(first);
    Concurrency_ThreadKeeperRemote fresh =
        Concurrency_ThreadKeeperRemote.options().name("keeper").getIfExists(true).create();
    assertNotEquals(first, fresh, "the killed actor's name was free again");
    Ray.kill(fresh);
  }

  @Test
  void taskOptionsOnAnActorCallAreAnError() {
    Concurrency_ThreadKeeperRemote keeper = Concurrency_ThreadKeeperRemote.create();
    TaskOptions options = TaskOptions.builder().maxRetries(5).build();
    RayException e = assertThrows(RayException.class, () -> options.run(keeper::bump));
    assertTrue(e.getMessage().contains("TaskOptions apply to tasks"), e.getMessage());
    assertThrows(RayException.class,
        () -> options.run(() -> Concurrency_ThreadKeeperRemote.create().bump()));
    assertThrows(IllegalArgumentException.class,
        () -> Concurrency_ThreadKeeperRemote.options().maxConcurrency(0));
    Ray.kill(keeper);
  }

  @Test
  void theRuntimeContextKnowsTheActorAndItsRestart() throws Exception {
    Concurrency_ThreadKeeperRemote keeper =
        Concurrency_ThreadKeeperRemote.options().maxRestarts(1).create();
    List<String> before = Ray.get(keeper.context());
    assertEquals(keeper.actorId(), before.get(0));
    assertEquals("false", before.get(1));
    assertFalse(before.get(2).isEmpty(), "a call has a task id");
    assertEquals(Ray.getRuntimeContext().getCurrentJobId(), before.get(3));
    long pid = Ray.get(keeper.pid());
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    List<String> after = contextAfterRestart(keeper);
    assertEquals(keeper.actorId(), after.get(0));
    assertEquals("true", after.get(1));
    Ray.kill(keeper);
  }

  private static List<String> contextAfterRestart(Concurrency_ThreadKeeperRemote keeper) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return Ray.get(keeper.context(), LONG);
      } catch (ActorDiedException e) {
        assertTrue(e.getMessage().contains("restarted"), e.getMessage());
        assertTrue(System.nanoTime() < deadline, "no restart within 60 s");
      }
    }
  }

  @Test
  void anUnnamedActorThatNoHandleRefersToEndsWithItsProcess() throws Exception {
    long unnamed = pidOfDroppedActor(null);
    long named = pidOfDroppedActor("kept-by-its-name");
    // The collector finds the dropped handles; the driver hears it and ends the unnamed actor.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ProcessHandle.of(unnamed).map(ProcessHandle::isAlive).orElse(false)) {
      assertTrue(System.nanoTime() < deadline, "actor process " + unnamed + " still runs");
      System.gc();
      Thread.sleep(50);
    }
    assertTrue(ProcessHandle.of(named).map(ProcessHandle::isAlive).orElse(false),
        "a named actor lives on without handles");
    Concurrency_ThreadKeeperRemote again = Concurrency_ThreadKeeperRemote.getActor(
        "kept-by-its-name");
    assertEquals(named, Ray.get(again.pid()));
    Ray.kill(again);
  }

  @Test
  void aHandleAliveInAnotherProcessKeepsTheActor() throws Exception {
    Concurrency_ThreadKeeperRemote keeper = Ray.get(ConcurrencyRemote.keeperFromTask(), LONG);
    for (int i = 0; i < 5; i++) {
      System.gc(); // the task's own handle is gone; the driver's, from its result, is not
    }
    assertTrue(Ray.get(keeper.bump(), LONG).endsWith(":1"));
    Ray.kill(keeper);
  }

  @Test
  void anActorCreatedByAnActorEndsWithItUnlessDetached() throws Exception {
    Concurrency_ParentRemote parent = Concurrency_ParentRemote.create();
    long child = Ray.get(parent.spawn(), LONG);
    long orphan = Ray.get(parent.spawnDetached("orphan"), LONG);
    Ray.kill(parent);
    assertProcessEnds(child);
    Concurrency_ThreadKeeperRemote detached = Concurrency_ThreadKeeperRemote.getActor("orphan");
    assertEquals(orphan, Ray.get(detached.pid(), LONG), "the detached child lives on");
    Ray.kill(detached);
  }

  private static long pidOfDroppedActor(String name) {
    // Alone in a JVM each, so that an actor's end shows as its process's.
    Concurrency_ThreadKeeperRemote keeper = name == null
        ? Concurrency_ThreadKeeperRemote.options().isolated(true).create()
        : Concurrency_ThreadKeeperRemote.options().name(name).isolated(true).create();
    return Ray.get(keeper.pid());
  }

  static void assertProcessEnds(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      assertTrue(System.nanoTime() < deadline, "process " + pid + " still runs after 30 s");
      Thread.sleep(20);
    }
  }
}
