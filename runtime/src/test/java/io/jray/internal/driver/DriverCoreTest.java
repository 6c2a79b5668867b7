package io.jray.internal.driver;

import static io.jray.internal.driver.FakeWorld.executed;
import static io.jray.internal.driver.FakeWorld.sent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ActorDiedException;
import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.TaskFailedException;
import io.jray.WorkerDiedException;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The driver's core alone: scheduling, ordering, retries, ref counting and completion, with fake
 * workers, a fake store and a fake clock; no process, no socket, no sleep.
 */
class DriverCoreTest {

  @Test
  void aTaskGoesToAnIdleWorkerAndSettlesWhenItsWorkerSaysDone() {
    FakeWorld world = new FakeWorld(2, 0, 16);
    List<Worker> pool = world.startPool(2);
    assertEquals(2, world.spawned.size());
    TaskSpec task = world.task("square", 0);
    world.core.submit(task, null);
    Worker runner = executed(pool.get(0)).isEmpty() ? pool.get(1) : pool.get(0);
    assertFalse(world.settled(task.taskId()));
    world.finish(runner, task);
    assertNull(world.settledError(task.taskId()));
  }

  @Test
  void noMoreTasksRunAtOnceThanCpusAndTheRestWaitInTheCore() {
    FakeWorld world = new FakeWorld(1, 0, 0); // no pipelining: a second task waits here
    Worker worker = world.startPool(1).get(0);
    TaskSpec first = world.task("a", 0);
    TaskSpec second = world.task("b", 0);
    world.core.submit(first, null);
    world.core.submit(second, null);
    assertEquals(List.of(first.taskId()), executed(worker));
    world.finish(worker, first);
    assertEquals(List.of(second.taskId()), executed(worker));
  }

  @Test
  void aBusyWorkerQueuesTasksBehindItsOwnUpToThePipelineDepth() {
    FakeWorld world = new FakeWorld(1, 0, 2);
    Worker worker = world.startPool(1).get(0);
    for (int i = 0; i < 5; i++) {
      world.core.submit(world.task("t" + i, 0), null);
    }
    // One runs, two wait in the worker's queue, two wait in the core.
    assertEquals(3, executed(worker).size());
  }

  @Test
  void aTaskWaitsForItsArgumentUntilTheTaskThatMakesItIsDone() {
    FakeWorld world = new FakeWorld(2, 0, 16);
    List<Worker> pool = world.startPool(2);
    TaskSpec producer = world.task("produce", 0);
    TaskSpec consumer = world.taskOf("consume", producer.taskId());
    world.core.submit(producer, null);
    world.core.submit(consumer, null);
    Worker runner = pool.get(0);
    assertEquals(List.of(producer.taskId()), executed(runner));
    assertEquals(List.of(), executed(pool.get(1)), "sent before its argument exists");
    world.finish(runner, producer);
    List<Long> next = executed(runner);
    next.addAll(executed(pool.get(1)));
    assertEquals(List.of(consumer.taskId()), next);
  }

  @Test
  void aTaskWhoseWorkerDiesRunsAgainAndFailsOnceItsRetriesAreSpent() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    Worker first = world.startPool(1).get(0);
    TaskSpec task = world.task("crashy", 1);
    world.core.submit(task, null);
    assertEquals(List.of(task.taskId()), executed(first));
    world.core.workerExited(first, 137, "died with exit code 137");
    Worker second = world.connectNewest();
    assertEquals(List.of(task.taskId()), executed(second), "not retried on a new worker");
    world.core.workerExited(second, 137, "died with exit code 137");
    RayException error = world.settledError(task.taskId());
    assertInstanceOf(WorkerDiedException.class, error);
    assertTrue(error.getMessage().contains("2 attempt(s) (maxRetries=1)"), error.getMessage());
  }

  @Test
  void tasksQueuedBehindADeadWorkersTaskRunElsewhereWithoutUsingARetry() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    Worker first = world.startPool(1).get(0);
    TaskSpec running = world.task("running", 0);
    TaskSpec queued = world.task("queued", 0);
    world.core.submit(running, null);
    world.core.submit(queued, null);
    assertEquals(List.of(running.taskId(), queued.taskId()), executed(first));
    world.core.workerExited(first, 1, "died with exit code 1");
    assertInstanceOf(WorkerDiedException.class, world.settledError(running.taskId()));
    Worker second = world.connectNewest();
    assertEquals(List.of(queued.taskId()), executed(second));
  }

  @Test
  void aTaskStuckBehindALongOneIsRecalledForAnIdleWorkerWhenTheClockSaysSo() {
    FakeWorld world = new FakeWorld(2, 0, 16);
    Worker a = world.startPool(1).get(0);
    TaskSpec longOne = world.task("long", 0);
    TaskSpec behind = world.task("behind", 0);
    world.core.submit(longOne, null);
    world.core.submit(behind, null); // the only worker is busy: it queues behind the long one
    assertEquals(List.of(longOne.taskId(), behind.taskId()), executed(a));
    Worker b = world.startPool(1).get(0); // idles, while the long task is young
    assertTrue(sent(a).isEmpty(), "recalled before the running task was old");
    world.advance(5);
    world.core.tick();
    List<ToWorker> toA = sent(a);
    assertEquals(1, toA.size());
    ToWorker.Recall recall = assertInstanceOf(ToWorker.Recall.class, toA.get(0));
    assertEquals(behind.taskId(), recall.taskIds()[0]);
    world.core.frame(a, new ToDriver.Returned(new long[] {behind.taskId()}, new long[0]));
    assertEquals(List.of(behind.taskId()), executed(b));
  }

  @Test
  void waitingWorkersGrowThePoolAndWhereItMayNotGrowTheQueuedTaskFails() {
    FakeWorld world = new FakeWorld(1, 2, 16);
    Worker first = world.startPool(1).get(0);
    TaskSpec parent = world.task("parent", 0);
    world.core.submit(parent, null);
    TaskSpec child = world.task("child", 0);
    world.core.submit(child, first);
    assertEquals(List.of(parent.taskId(), child.taskId()), executed(first));
    world.blockAndGiveBack(first, child.taskId()); // the parent waits in get for its child
    assertEquals(2, world.spawned.size(), "no worker started for the child");
    Worker second = world.connectNewest();
    assertEquals(List.of(child.taskId()), executed(second));
    TaskSpec grandchild = world.task("grandchild", 0);
    world.core.submit(grandchild, second);
    executed(second);
    world.blockAndGiveBack(second, grandchild.taskId()); // both wait: maxWorkers is 2
    assertEquals(2, world.spawned.size(), "grew past maxWorkers");
    RayException error = world.settledError(grandchild.taskId());
    assertTrue(error.getMessage().contains("maxWorkers (2)"), error.getMessage());
  }

  @Test
  void theMemoryLeftLimitsThePoolToo() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    world.availableMemory = 100L << 20;
    Worker first = world.startPool(1).get(0);
    world.core.submit(world.task("parent", 0), null);
    TaskSpec child = world.task("child", 0);
    world.core.submit(child, first);
    executed(first);
    world.blockAndGiveBack(first, child.taskId());
    assertEquals(1, world.spawned.size());
    assertTrue(world.settledError(child.taskId()).getMessage().contains("MiB of memory"));
  }

  @Test
  void aCancelledQueuedTaskNeverRunsAndItsRefFails() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec running = world.task("running", 0);
    TaskSpec queued = world.task("queued", 0);
    world.core.submit(running, null);
    world.core.submit(queued, null);
    world.core.cancel(queued.taskId());
    assertInstanceOf(TaskCancelledException.class, world.settledError(queued.taskId()));
    executed(worker);
    world.finish(worker, running);
    assertEquals(List.of(), executed(worker));
  }

  @Test
  void aCancelledRunningTaskEndsItsWorker() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec running = world.task("running", 0);
    world.core.submit(running, null);
    world.core.cancel(running.taskId());
    assertEquals(List.of(worker), world.killed);
  }

  @Test
  void aSmallValueInTaskDoneWakesItsWaitersWithItOnlyForACallTheCoreStillRan() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec task = world.task("small", 0);
    world.core.submit(task, null);
    executed(worker);
    world.core.frame(worker, done(task.taskId(), null, new byte[] {4, 2}));
    assertNull(world.settledError(task.taskId()));
    assertArrayEquals(new byte[] {4, 2}, world.settledValue(task.taskId()));

    // A failure's summary never comes with bytes the waiters would take for a value.
    TaskSpec failing = world.task("failing", 0);
    world.core.submit(failing, null);
    executed(worker);
    world.core.frame(worker, done(failing.taskId(), "java.io.IOException: x", new byte[] {1}));
    assertTrue(world.settled(failing.taskId()));
    assertNull(world.settledValue(failing.taskId()));

    // A cancelled run's report is dropped: the store holds the cancel's error, not its bytes.
    TaskSpec cancelled = world.task("cancelled", 0);
    world.core.submit(cancelled, null);
    executed(worker);
    world.core.cancel(cancelled.taskId(), false, false);
    world.core.frame(worker, done(cancelled.taskId(), null, new byte[] {9}));
    assertInstanceOf(TaskCancelledException.class, world.settledError(cancelled.taskId()));
    assertNull(world.settledValue(cancelled.taskId()));

    // A report the core cannot place (no call of that id runs) settles without its bytes.
    long unknown = world.newId();
    world.core.frame(worker, done(unknown, null, new byte[] {7}));
    assertNull(world.settledValue(unknown));
  }

  @Test
  void anActorCallsSmallValueComesWithItsEnd() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    TaskSpec creation = world.task("Counter.<init>", 0);
    world.core.createActor(creation.taskId(), "a.Counter", null, 0, 0, creation);
    Worker host = world.connectNewest();
    TaskSpec call = world.task("Counter.add", 0);
    world.core.callActor(creation.taskId(), call);
    world.core.frame(host, done(call.taskId(), null, new byte[] {3}));
    assertArrayEquals(new byte[] {3}, world.settledValue(call.taskId()));
  }

  @Test
  void theDriverKeepsACopyOfItsActorCallsStoredSmallValueAndDeletesItFromTheStoreWhenFreed() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    TaskSpec creation = world.task("Counter.<init>", 0);
    Worker host = world.actorHost(creation, 0, 0);
    TaskSpec call = world.driversTask("Counter.add");
    world.core.callActorHeld(creation.taskId(), call);
    world.core.frame(host, done(call.taskId(), null, new byte[] {9}));
    assertArrayEquals(new byte[] {9}, world.owned.copy(call.taskId()),
        "a get after the reply would read the store");
    assertEquals(0, world.owned.count(), "listed as the driver's, though its host stored it");

    world.core.localReleased(call.taskId());
    world.core.deleteFreed();

    assertNull(world.owned.copy(call.taskId()));
    assertTrue(world.deleted.contains(call.taskId()), "its host's stored copy was left behind");
  }

  @Test
  void aSmallValueOnlyItsWorkerSentIsKeptAndStoredOnceATaskTakesIt() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec producer = world.task("produce", 0);
    world.core.submitHeld(producer);
    assertEquals(List.of(producer.taskId()), executed(worker));
    world.core.frame(worker, onlyCopy(producer.taskId(), new byte[] {4}));
    assertArrayEquals(new byte[] {4}, world.owned.copy(producer.taskId()));
    assertArrayEquals(new byte[] {4}, world.settledValue(producer.taskId()));
    assertFalse(world.store.contains(producer.taskId()), "stored before anyone needed it");
    TaskSpec consumer = world.taskOf("consume", producer.taskId());
    world.core.submit(consumer, null);
    assertTrue(world.store.contains(producer.taskId()), "sent before its argument was stored");
    assertEquals(List.of(consumer.taskId()), executed(worker));
  }

  @Test
  void aKeptValueThatATaskWaitsForIsStoredBeforeTheTaskGoes() {
    FakeWorld world = new FakeWorld(2, 0, 16);
    List<Worker> pool = world.startPool(2);
    TaskSpec producer = world.task("produce", 0);
    TaskSpec consumer = world.taskOf("consume", producer.taskId());
    world.core.submitHeld(producer);
    world.core.submit(consumer, null);
    Worker runner = pool.get(0);
    assertEquals(List.of(producer.taskId()), executed(runner));
    world.core.frame(runner, onlyCopy(producer.taskId(), new byte[] {5}));
    assertTrue(world.store.contains(producer.taskId()), "let go before its argument was stored");
    List<Long> next = executed(runner);
    next.addAll(executed(pool.get(1)));
    assertEquals(List.of(consumer.taskId()), next);
  }

  @Test
  void aKeptValueNobodyHoldsIsForgottenAtOnce() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec task = world.task("fire-and-forget", 0);
    world.core.submit(task, null);
    world.core.frame(worker, onlyCopy(task.taskId(), new byte[] {6}));
    assertNull(world.owned.copy(task.taskId()), "a value nobody can ask for is kept");
    world.core.deleteFreed();
    assertFalse(world.deleted.contains(task.taskId()), "never stored, yet deleted from the store");
  }

  @Test
  void aKeptValueThatWasStoredIsDeletedFromTheStoreWhenFreed() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec producer = world.task("produce", 0);
    world.core.submitHeld(producer);
    world.core.frame(worker, onlyCopy(producer.taskId(), new byte[] {7}));
    TaskSpec consumer = world.taskOf("consume", producer.taskId());
    world.core.submit(consumer, null);
    assertTrue(world.store.contains(producer.taskId()));
    assertEquals(List.of(producer.taskId(), consumer.taskId()), executed(worker));

    world.core.localReleased(producer.taskId());
    world.core.frame(worker, done(consumer.taskId(), null, new byte[] {8}));
    world.core.deleteFreed();

    assertTrue(world.deleted.contains(producer.taskId()), "stored, and left in the store");
  }

  private static ToDriver.TaskDone onlyCopy(long id, byte[] value) {
    return new ToDriver.TaskDone(id, null, new long[0], true, 1L, 2L, 3L, false, value, true);
  }

  private static ToDriver.TaskDone done(long id, String error, byte[] value) {
    return new ToDriver.TaskDone(id, error, new long[0], true, 1L, 2L, 3L, false, value);
  }

  @Test
  void aResultTheStoreCouldNotTakeFailsTheRefAndTheTasksThatNeedIt() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    world.storeTakesErrors = false;
    Worker worker = world.startPool(1).get(0);
    TaskSpec failing = world.task("failing", 0);
    TaskSpec dependent = world.taskOf("dependent", failing.taskId());
    world.core.submit(failing, null);
    world.core.submit(dependent, null);
    executed(worker);
    world.core.frame(worker, new ToDriver.TaskDone(failing.taskId(), "boom", new long[0], false));
    assertInstanceOf(TaskFailedException.class, world.settledError(failing.taskId()));
    RayException dependentError = world.settledError(dependent.taskId());
    assertTrue(dependentError.getMessage().contains("boom"), dependentError.getMessage());
    assertEquals(List.of(), executed(worker), "the dependent was sent to run");
  }

  @Test
  void aResultNobodyHoldsIsDeletedWhenItArrivesAndAHeldOneWhenReleased() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    Worker worker = world.startPool(1).get(0);
    TaskSpec unheld = world.task("unheld", 0);
    TaskSpec held = world.task("held", 0);
    world.core.localAcquired(held.taskId());
    world.core.submit(unheld, null);
    world.core.submit(held, null);
    executed(worker);
    world.finish(worker, unheld);
    world.finish(worker, held);
    assertTrue(world.deleted.contains(unheld.taskId()));
    assertFalse(world.deleted.contains(held.taskId()));
    world.core.localReleased(held.taskId());
    world.core.deleteFreed();
    assertTrue(world.deleted.contains(held.taskId()));
  }

  @Test
  void aResultHeldInItsSubmittingEventLivesUntilReleasedEvenWhenItFailsAtOnce() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    Worker worker = world.startPool(1).get(0);
    TaskSpec task = world.task("held", 0);
    world.core.submitHeld(task);
    executed(worker);
    world.finish(worker, task);
    world.core.deleteFreed();
    assertFalse(world.deleted.contains(task.taskId()));
    world.core.localReleased(new long[] {task.taskId()}, 1);
    world.core.deleteFreed();
    assertTrue(world.deleted.contains(task.taskId()));

    TaskSpec toNobody = world.task("Counter.add", 0);
    world.core.callActorHeld(12345L, toNobody); // no such actor: settled at once, as an error
    assertInstanceOf(ActorDiedException.class, world.settledError(toNobody.taskId()));
    world.core.deleteFreed();
    assertFalse(world.deleted.contains(toNobody.taskId()), "freed while the caller holds it");
  }

  @Test
  void aStoredValueKeepsTheObjectsItRefersToAlive() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    long inner = world.newId();
    long outer = world.newId();
    world.core.localAcquired(inner);
    world.core.localAcquired(outer);
    world.core.contains(outer, new long[] {inner});
    world.core.localReleased(inner);
    world.core.deleteFreed();
    assertFalse(world.deleted.contains(inner), "freed while a stored value refers to it");
    world.core.localReleased(outer);
    world.core.deleteFreed();
    assertTrue(world.deleted.contains(outer) && world.deleted.contains(inner));
  }

  @Test
  void actorCallsGoToTheHostInOrderAndFailWhenItDiesForGood() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    TaskSpec creation = world.task("Counter.<init>", 0);
    world.core.createActor(creation.taskId(), "a.Counter", null, 0, 0, creation);
    Worker host = world.connectNewest();
    TaskSpec one = world.task("Counter.add", 0);
    TaskSpec two = world.task("Counter.add", 0);
    world.core.callActor(creation.taskId(), one);
    world.core.callActor(creation.taskId(), two);
    List<ToWorker> frames = sent(host);
    assertInstanceOf(ToWorker.CreateActor.class, frames.get(0));
    assertEquals(one, ((ToWorker.ActorCall) frames.get(1)).call());
    assertEquals(two, ((ToWorker.ActorCall) frames.get(2)).call());
    world.store.add(one.taskId());
    world.core.frame(host, new ToDriver.TaskDone(one.taskId(), null, new long[0], true));
    world.core.workerExited(host, 137, "died with exit code 137");
    assertNull(world.settledError(one.taskId()));
    assertInstanceOf(ActorDiedException.class, world.settledError(two.taskId()));
    TaskSpec late = world.task("Counter.add", 0);
    world.core.callActor(creation.taskId(), late);
    assertInstanceOf(ActorDiedException.class, world.settledError(late.taskId()));
  }

  @Test
  void anActorThatMayRestartGetsANewHostAndItsConstructorAgain() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    TaskSpec creation = world.task("Counter.<init>", 0);
    world.core.createActor(creation.taskId(), "a.Counter", "counter", 1, 0, creation);
    Worker first = world.connectNewest();
    sent(first);
    world.core.workerExited(first, 137, "died with exit code 137");
    Worker second = world.connectNewest();
    assertInstanceOf(ToWorker.CreateActor.class, sent(second).get(0));
    assertEquals(creation.taskId(), world.core.lookUpActor("counter", "a.Counter"));
  }

  @Test
  void aCallWhoseValueADeadHostHeldBackIsDoneWithItAndDoesNotRunAgain() {
    FakeWorld world = new FakeWorld(1, 0, 16);
    TaskSpec creation = world.task("Counter.<init>", 0);
    Worker first = world.actorHost(creation, 1, 1);
    TaskSpec held = world.driversTask("Counter.add");
    TaskSpec lost = world.driversTask("Counter.add");
    world.core.callActorHeld(creation.taskId(), held);
    world.core.callActorHeld(creation.taskId(), lost);
    assertEquals(3, sent(first).size());

    world.core.workerExited(first, 137, "died with exit code 137",
        Map.of(held.taskId(), new byte[] {4}, 12345L, new byte[] {5}));

    assertArrayEquals(new byte[] {4}, world.settledValue(held.taskId()));
    assertArrayEquals(new byte[] {4}, world.owned.copy(held.taskId()), "not kept");
    assertNull(world.owned.copy(12345L), "a value of no call of the actor's kept");
    Worker second = world.connectNewest();
    List<ToWorker> again = sent(second);
    assertInstanceOf(ToWorker.CreateActor.class, again.get(0));
    assertEquals(List.of(lost), again.subList(1, again.size()).stream()
        .map(frame -> ((ToWorker.ActorCall) frame).call()).toList(), "the held call ran again");
  }
}
