package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.state.ActorInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Actors by the hundred in host JVMs they share: each keeps its own state and its own fate. Real
 * processes: a kill ends one actor, a SIGKILL of a host ends only the actors in it (each as its
 * own restarts say), and a System.exit in one actor's code is put down to that actor.
 */
class ActorFleetIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @BeforeEach
  void start() {
    Ray.init(RayConfig.builder().numCpus(2).build());
  }

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  /** The live actors' pids, by actor id (hex), as the state API shows them. */
  private static Map<String, Long> pidsByActor() {
    return Ray.state().actors(0, 10_000).items().stream()
        .filter(a -> a.state().equals("ALIVE"))
        .collect(Collectors.toMap(ActorInfo::actorId, ActorInfo::pid));
  }

  private static String idOf(Object handle) {
    String shown = handle.toString(); // Actor(Cell, 0123456789abcdef)
    return shown.substring(shown.lastIndexOf(' ') + 1, shown.length() - 1);
  }

  @Test
  void aHundredActorsShareHostsAndEachKeepsItsStateThroughKillsOfOthers() {
    int count = 100;
    long started = System.nanoTime();
    List<Fleet_CellRemote> cells = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Every fourth may not restart: it dies with its host.
      cells.add(i % 4 == 3 ? Fleet_CellRemote.options().maxRestarts(0).create(i * 1000L)
          : Fleet_CellRemote.create(i * 1000L));
    }
    List<ObjectRef<Long>> first = new ArrayList<>();
    for (Fleet_CellRemote cell : cells) {
      first.add(cell.add(1));
    }
    List<Long> answers = Ray.get(first, PATIENCE);
    double seconds = (System.nanoTime() - started) / 1e9;
    for (int i = 0; i < count; i++) {
      assertEquals(i * 1000L + 1, answers.get(i));
    }
    System.out.printf("%d actors created and answering in %.2f s%n", count, seconds);

    Map<String, Long> pids = pidsByActor();
    Map<Long, List<Integer>> byHost = new HashMap<>();
    for (int i = 0; i < count; i++) {
      long pid = pids.get(idOf(cells.get(i)));
      assertEquals(pid, Ray.get(cells.get(i).pid(), PATIENCE), "the state API shows its host");
      byHost.computeIfAbsent(pid, p -> new ArrayList<>()).add(i);
    }
    assertTrue(byHost.size() <= 14 && byHost.size() >= 13,
        "100 actors, 8 to a host: " + byHost.size() + " hosts");

    // Ray.kill ends only its actor; its host and its neighbours live on.
    List<Integer> killed = List.of(0, 1, 2, 10, 20);
    for (int i : killed) {
      Ray.kill(cells.get(i));
    }
    for (int i : killed) {
      ActorDiedException died = assertThrows(ActorDiedException.class,
          () -> Ray.get(cells.get(i).get(), PATIENCE));
      assertTrue(died.getMessage().contains("killed"), died.getMessage());
    }
    long firstHost = pids.get(idOf(cells.get(0)));
    assertTrue(ProcessHandle.of(firstHost).map(ProcessHandle::isAlive).orElse(false));

    // SIGKILL one host: only its actors go, each as its own restarts say.
    long victim = pids.get(idOf(cells.get(50)));
    List<Integer> onVictim = byHost.get(victim);
    assertTrue(onVictim.size() > 1, "the host killed held several actors: " + onVictim);
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    for (int i = 0; i < count; i++) {
      Fleet_CellRemote cell = cells.get(i);
      if (killed.contains(i)) {
        continue;
      }
      if (!onVictim.contains(i)) {
        assertEquals(i * 1000L + 1, Ray.get(cell.get(), PATIENCE), "actor " + i + " kept its state");
      } else if (i % 4 == 3) {
        int index = i;
        ActorDiedException died = assertThrows(ActorDiedException.class,
            () -> Ray.get(cell.get(), PATIENCE), "actor " + index + " may not restart");
        assertTrue(died.getMessage().contains("its host process (pid=" + victim + "), which it"
            + " shared with"), died.getMessage());
      } else {
        assertEquals(i * 1000L, Ray.get(cell.get(), PATIENCE), "actor " + i + " restarted afresh");
        assertNotEquals(victim, Ray.get(cell.pid(), PATIENCE));
      }
    }
    for (int i = 0; i < count; i++) {
      Ray.kill(cells.get(i));
    }
  }

  @Test
  void systemExitInOneActorIsPutDownToItAndItRestartsAlone() {
    Fleet_CellRemote exits = Fleet_CellRemote.create(1);
    Fleet_CellRemote mayNotRestart = Fleet_CellRemote.options().maxRestarts(0).create(2);
    Fleet_CellRemote restarts = Fleet_CellRemote.create(3);
    long host = Ray.get(exits.pid(), PATIENCE);
    assertEquals(host, Ray.get(mayNotRestart.pid(), PATIENCE));
    assertEquals(host, Ray.get(restarts.pid(), PATIENCE));
    assertEquals(13L, Ray.get(restarts.add(10), PATIENCE));

    assertThrows(ActorDiedException.class, () -> Ray.get(exits.exitJvm(7), PATIENCE));
    ActorDiedException died = assertThrows(ActorDiedException.class,
        () -> Ray.get(mayNotRestart.get(), PATIENCE));
    assertTrue(died.getMessage().contains("died with exit code 7 (actor "
        + idOf(exits) + " called System.exit)"), died.getMessage());
    assertEquals(3L, Ray.get(restarts.get(), PATIENCE), "restarted, with its state afresh");

    // The actor that ended the JVM runs alone from now on.
    long alone = Ray.get(exits.pid(), PATIENCE);
    Fleet_CellRemote newcomer = Fleet_CellRemote.create(4);
    assertNotEquals(alone, Ray.get(newcomer.pid(), PATIENCE));
    assertNotEquals(alone, Ray.get(restarts.pid(), PATIENCE));
    assertEquals(1L, Ray.get(exits.get(), PATIENCE));
  }

  @Test
  void aHostWhoseExitHangsInAShutdownHookIsEndedAndItsActorsRestart() {
    Fleet_CellRemote exits = Fleet_CellRemote.create(1);
    // It may run a call again once, so that a call in flight when its host goes runs again in
    // its next life (without, that call fails with ActorDiedException, as in Ray).
    Fleet_CellRemote restarts = Fleet_CellRemote.options().maxTaskRetries(1).create(3);
    long host = Ray.get(exits.pid(), PATIENCE);
    assertEquals(host, Ray.get(restarts.pid(), PATIENCE));
    assertEquals(13L, Ray.get(restarts.add(10), PATIENCE));

    ObjectRef<Long> exiting = exits.exitJvmWithAHangingHook(5);
    // Until the host says it is exiting, the neighbour still answers from it. Calls that reach
    // it as it exits, before the driver has heard, neither run nor fail there (by then the
    // host's store may be closed under them): they are lost with the host and run again in the
    // neighbour's next life. Calls made once the driver has heard wait for that life, which
    // comes when the host is ended after the grace; without that end, a get here times out.
    // A few calls at a time, so that some are likely to reach the host as it exits.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long value = 13L;
    while (value != 3L && System.nanoTime() < deadline) {
      List<ObjectRef<Long>> gets = List.of(restarts.get(), restarts.get(), restarts.get());
      for (long got : Ray.get(gets, PATIENCE)) {
        if (value == 3L) {
          assertEquals(3L, got, "its old state after its restart");
        } else {
          assertTrue(got == 13L || got == 3L, "neither its old state nor restarted: " + got);
        }
        value = got;
      }
    }
    assertEquals(3L, value, "not restarted afresh");
    assertThrows(ActorDiedException.class, () -> Ray.get(exiting, PATIENCE));
    assertTrue(ProcessHandle.of(host).map(p -> !p.isAlive()).orElse(true),
        "the host JVM still runs");
    assertNotEquals(host, Ray.get(restarts.pid(), PATIENCE));
  }

  @Test
  void exitActorAndKillEndOneActorWhileItsHostServesTheOthers() {
    Fleet_CellRemote leaves = Fleet_CellRemote.create(1);
    Fleet_CellRemote stuck = Fleet_CellRemote.create(2);
    Fleet_CellRemote stays = Fleet_CellRemote.create(3);
    long host = Ray.get(leaves.pid(), PATIENCE);
    assertEquals(host, Ray.get(stuck.pid(), PATIENCE));
    assertEquals(host, Ray.get(stays.pid(), PATIENCE));

    assertThrows(ActorDiedException.class, () -> Ray.get(leaves.leave(), PATIENCE));
    ActorDiedException left = assertThrows(ActorDiedException.class,
        () -> Ray.get(leaves.get(), PATIENCE));
    assertTrue(left.getMessage().contains("Ray.exitActor()"), left.getMessage());

    // A kill ends an actor in the middle of a long call; its neighbour answers at once.
    ObjectRef<Boolean> sleeping = stuck.sleep(120_000);
    assertTrue(Ray.wait(List.of(sleeping), 1, Duration.ofMillis(300)).ready().isEmpty());
    Ray.kill(stuck);
    assertThrows(ActorDiedException.class, () -> Ray.get(sleeping, PATIENCE));
    assertEquals(4L, Ray.get(stays.add(1), Duration.ofSeconds(10)));
    assertEquals(host, Ray.get(stays.pid(), PATIENCE), "the host lives on");
  }

  @Test
  void anIsolatedActorHasAJvmOfItsOwn() {
    Fleet_CellRemote shared = Fleet_CellRemote.create(1);
    Fleet_LonerRemote loner = Fleet_LonerRemote.create();
    Fleet_CellRemote alsoAlone = Fleet_CellRemote.options().isolated(true).create(2);
    Fleet_CellRemote neighbour = Fleet_CellRemote.create(3);
    long sharedPid = Ray.get(shared.pid(), PATIENCE);
    assertEquals(sharedPid, Ray.get(neighbour.pid(), PATIENCE));
    long lonerPid = Ray.get(loner.pid(), PATIENCE);
    long alonePid = Ray.get(alsoAlone.pid(), PATIENCE);
    assertFalse(lonerPid == sharedPid || alonePid == sharedPid || lonerPid == alonePid,
        List.of(sharedPid, lonerPid, alonePid).toString());
    Map<String, Boolean> isolated = Ray.state().actors(0, 100).items().stream()
        .collect(Collectors.toMap(ActorInfo::actorId, ActorInfo::isolated));
    assertTrue(isolated.get(idOf(loner)));
    assertTrue(isolated.get(idOf(alsoAlone)));
    assertFalse(isolated.get(idOf(shared)));
  }
}
