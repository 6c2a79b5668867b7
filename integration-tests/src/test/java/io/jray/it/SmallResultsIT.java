package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.state.ObjectInfo;
import io.jray.state.RayState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The small result of a task or actor call the driver made lives in the driver's memory, not in
 * the store (as Ray's owner keeps small returns), and goes into the store once a worker needs it:
 * as a task's or an actor call's argument, or through a ref inside a value. Real workers, real
 * store.
 */
class SmallResultsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).includeDashboard(false).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void aSmallResultStaysInTheDriverUntilATaskTakesIt() {
    ObjectRef<Long> five = TasksRemote.add(2L, 3L);
    assertEquals(5L, Ray.get(five, WAIT));
    assertEquals(Optional.of(ObjectInfo.StoredIn.DRIVER), placeOf(five));
    assertEquals(15L, Ray.get(TasksRemote.add(five, 10L), WAIT));
    assertEquals(Optional.of(ObjectInfo.StoredIn.INLINE), placeOf(five),
        "a worker read it, so the store has it now");
    assertEquals(5L, Ray.get(five, WAIT));
  }

  @Test
  void aTaskThatWaitsForASmallResultGoesOnceItIsStored() {
    ObjectRef<Long> pid = TasksRemote.sleepThenPid(300);
    ObjectRef<Long> plusOne = TasksRemote.add(pid, 1L); // submitted before pid is made
    assertEquals(Ray.get(pid, WAIT) + 1, Ray.get(plusOne, WAIT));
  }

  @Test
  void aRefToASmallResultInsideAValueIsReadInAWorker() {
    ObjectRef<Long> three = TasksRemote.add(1L, 2L);
    ObjectRef<Long> seven = TasksRemote.add(3L, 4L);
    assertEquals(3L, Ray.get(three, WAIT));
    assertEquals(7L, Ray.get(seven, WAIT));
    assertEquals(10L, Ray.get(TasksRemote.sumRefs(List.of(three, seven)), WAIT));
  }

  @Test
  void anActorTakesASmallResultAndItsOwnStaysInTheDriverUntilATaskTakesIt() {
    Actors_CounterRemote counter = Actors_CounterRemote.create(100);
    ObjectRef<Long> two = TasksRemote.add(1L, 1L);
    assertEquals(2L, Ray.get(two, WAIT));
    assertEquals(Optional.of(ObjectInfo.StoredIn.DRIVER), placeOf(two));
    ObjectRef<Long> sum = counter.add(two);
    assertEquals(102L, Ray.get(sum, WAIT));
    assertEquals(Optional.of(ObjectInfo.StoredIn.DRIVER), placeOf(sum));
    assertEquals(103L, Ray.get(TasksRemote.add(sum, 1L), WAIT));
    assertEquals(Optional.of(ObjectInfo.StoredIn.INLINE), placeOf(sum),
        "a worker read it, so the store has it now");
    Ray.kill(counter);
  }

  @Test
  void theSmallResultsOfABurstOfActorCallsAreRightAndStayInTheDriver() {
    Actors_CounterRemote counter = Actors_CounterRemote.create(0);
    List<ObjectRef<Long>> sums = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      sums.add(counter.add(1L)); // queued calls: their host holds most replies back
    }
    List<Long> values = Ray.get(sums, WAIT);
    for (int i = 0; i < values.size(); i++) {
      assertEquals(i + 1L, values.get(i), "call " + i);
    }
    assertEquals(Optional.of(ObjectInfo.StoredIn.DRIVER), placeOf(sums.get(1_000)));
    Ray.kill(counter);
  }

  @Test
  void aSmallResultTheDriverDropsIsFreed() throws InterruptedException {
    ObjectRef<Long> dropped = TasksRemote.add(20L, 22L);
    assertEquals(42L, Ray.get(dropped, WAIT));
    String id = idOf(dropped);
    assertTrue(listed(id));
    dropped = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (listed(id)) {
      assertTrue(System.nanoTime() < deadline, "a dropped small result is still kept");
      System.gc();
      Thread.sleep(50);
    }
    assertFalse(listed(id));
  }

  private static Optional<ObjectInfo.StoredIn> placeOf(ObjectRef<?> ref) {
    String id = idOf(ref);
    return objects().stream().filter(o -> o.objectId().equals(id)).map(ObjectInfo::storedIn)
        .findFirst();
  }

  private static boolean listed(String id) {
    return objects().stream().anyMatch(o -> o.objectId().equals(id));
  }

  private static List<ObjectInfo> objects() {
    return Ray.state().objects(0, RayState.MAX_LIMIT).items();
  }

  /** The hex id an ObjectRef prints: {@code ObjectRef(<id>)}. */
  private static String idOf(ObjectRef<?> ref) {
    String printed = ref.toString();
    return printed.substring(printed.indexOf('(') + 1, printed.indexOf(')'));
  }
}
