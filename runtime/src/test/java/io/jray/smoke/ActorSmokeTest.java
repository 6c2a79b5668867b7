package io.jray.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.ActorOptions;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActorSmokeTest {
  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(1).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void callsRunInOrderAndKeepState() {
    Counter.Handle counter = Counter.Handle.create(10);
    assertTrue(counter.toString().matches("Actor\\(Counter, [0-9a-f]{16}\\)"), counter.toString());
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      refs.add(counter.add(1));
    }
    List<Long> values = Ray.get(refs);
    for (int i = 0; i < 2000; i++) {
      assertEquals(11L + i, values.get(i));
    }
    assertNotEquals(ProcessHandle.current().pid(), Ray.get(counter.pid()));
    Ray.kill(counter);
  }

  @Test
  void aFailingMethodFailsOnlyThatCall() {
    Counter.Handle counter = Counter.Handle.create(0);
    assertEquals(5L, Ray.get(counter.add(5)));
    TaskFailedException e = assertThrows(TaskFailedException.class, () -> Ray.get(counter.add(-1)));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals(6L, Ray.get(counter.add(1)));
    Ray.kill(counter);
  }

  /**
   * A list's get throws a failure as soon as one is stored (API.md), so which of two it throws
   * depends on what is stored when it looks: either, never a value, and the actor goes on.
   */
  @Test
  void aListGetThrowsAFailureOfTheList() {
    Counter.Handle counter = Counter.Handle.create(0);
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      refs.add(counter.add(i == 200 ? -2 : i == 100 ? -1 : 1));
    }
    refs.add(0, refs.remove(100));
    refs.add(0, refs.remove(200));
    TaskFailedException e = assertThrows(TaskFailedException.class, () -> Ray.get(refs));
    assertTrue(e.getCause().getMessage().matches("negative -[12]"), e.getCause().getMessage());
    assertEquals(499L, Ray.get(counter.add(1)));
    Ray.kill(counter);
  }

  @Test
  void aFailingConstructorFailsEveryCall() {
    Counter.Handle counter = Counter.Handle.create(-5);
    ActorDiedException e = assertThrows(ActorDiedException.class, () -> Ray.get(counter.add(1)));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertTrue(e.getMessage().contains("could not be created"), e.getMessage());
    Ray.kill(counter);
  }

  @Test
  void killedActorsFailFastAndTheirHostServesTheOthers() {
    Counter.Handle counter = Counter.Handle.create(0);
    Counter.Handle neighbour = Counter.Handle.create(5);
    long pid = Ray.get(counter.pid());
    assertEquals(pid, Ray.get(neighbour.pid()), "two small actors share a host JVM");
    Ray.kill(counter);
    ActorDiedException e = assertThrows(ActorDiedException.class,
        () -> Ray.get(counter.add(1), Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("killed"), e.getMessage());
    Ray.kill(counter);
    assertEquals(6L, Ray.get(neighbour.add(1), Duration.ofSeconds(10)));
    assertEquals(pid, Ray.get(neighbour.pid(), Duration.ofSeconds(10)));
    Ray.kill(neighbour);
  }

  @Test
  void namedActorsAreFoundAndNamesAreUnique() {
    Counter.Handle counter = Counter.Handle.create(ActorOptions.builder().name("c").build(), 3);
    assertEquals(4L, Ray.get(Counter.Handle.getActor("c").add(1)));
    RayException taken = assertThrows(RayException.class,
        () -> Counter.Handle.create(ActorOptions.builder().name("c").build(), 0));
    assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
    RayException unknown = assertThrows(RayException.class, () -> Counter.Handle.getActor("x"));
    assertTrue(unknown.getMessage().contains("No actor named 'x'"), unknown.getMessage());
    Ray.kill(counter);
    assertThrows(RayException.class, () -> Counter.Handle.getActor("c"));
  }

  @Test
  void actorsRestartWhenAllowed() {
    Counter.Handle counter = Counter.Handle.create(ActorOptions.builder().maxRestarts(1).build(), 1);
    long firstPid = Ray.get(counter.pid());
    assertThrows(ActorDiedException.class, () -> Ray.get(counter.exit()));
    long secondPid = Ray.get(counter.pid(), Duration.ofSeconds(60));
    assertNotEquals(firstPid, secondPid);
    assertEquals(2L, Ray.get(counter.add(1)));
    assertThrows(ActorDiedException.class, () -> Ray.get(counter.exit()));
    ActorDiedException dead = assertThrows(ActorDiedException.class, () -> Ray.get(counter.pid()));
    assertTrue(dead.getMessage().contains("maxRestarts=1"), dead.getMessage());
  }

  @Test
  void handlesPassedToTasksCallTheSameActor() {
    Counter.Handle counter = Counter.Handle.create(100);
    assertEquals(101L, Ray.get(HandStubs.addToCounter(counter, 1)));
    assertEquals(103L, Ray.get(HandStubs.addToCounter(counter, 2)));
    assertEquals(104L, Ray.get(counter.add(1)));
    Ray.kill(counter);
  }

  @Test
  void refsAsArgumentsWait() {
    Counter.Handle counter = Counter.Handle.create(0);
    ObjectRef<Long> later = HandStubs.add(20L, 22L);
    assertEquals(42L, Ray.get(counter.add(later)));
    Ray.kill(counter);
  }
}
