package io.jray.internal.driver;

import static io.jray.internal.driver.FakeWorld.executed;
import static io.jray.internal.driver.FakeWorld.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.TaskCancelledException;
import io.jray.TaskFailedException;
import io.jray.WorkerDiedException;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gentle and recursive cancels, and the one budget of retries, in the driver's core alone: fake
 * workers, a fake store and a fake clock.
 */
class CancelAndRetryTest {

  @Test
  void aGentleCancelOfAQueuedTaskFailsItsRefAtOnceAndItNeverRuns() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec running = world.task("running", 0);
    TaskSpec queued = world.task("queued", 0);
    world.core.submit(running, null);
    world.core.submit(queued, null);
    world.core.cancel(queued.taskId(), false, false);
    assertInstanceOf(TaskCancelledException.class, world.settledError(queued.taskId()));
    executed(worker);
    world.finish(worker, running);
    assertEquals(List.of(), executed(worker));
    assertEquals(List.of(), world.killed);
  }

  @Test
  void aGentleCancelOfARunningTaskInterruptsItKeepsItsWorkerAndDropsWhatItLeaves() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec running = world.task("sleeps", 0);
    TaskSpec next = world.task("next", 0);
    world.core.submit(running, null);
    sent(worker);
    world.core.cancel(running.taskId(), false, false);

    assertInstanceOf(TaskCancelledException.class, world.settledError(running.taskId()));
    assertEquals(List.of(new ToWorker.CancelTask(running.taskId())), sent(worker));
    assertEquals(List.of(), world.killed, "a gentle cancel ended the worker");

    // Until its code returns, the task holds its worker and CPU.
    world.core.submit(next, null);
    assertEquals(List.of(), executed(worker));
    long settles = countSettles(world, running.taskId());
    world.core.frame(worker, new ToDriver.TaskDone(running.taskId(), "interrupted",
        new long[0], true));
    assertEquals(settles, countSettles(world, running.taskId()), "settled twice");
    assertEquals(List.of(next.taskId()), executed(worker));
  }

  @Test
  void aForcedCancelStillEndsTheWorkerAndRayCancelOfOneArgumentIsForced() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec running = world.task("running", 0);
    world.core.submit(running, null);
    world.core.cancel(running.taskId());
    assertEquals(List.of(worker), world.killed);
  }

  @Test
  void cancellingAFinishedTaskDoesNothing() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec done = world.task("done", 0);
    world.core.submit(done, null);
    world.finish(worker, done);
    sent(worker);
    world.core.cancel(done.taskId(), false, true);
    assertNull(world.settledError(done.taskId()));
    assertEquals(List.of(), sent(worker));
  }

  @Test
  void aCancelledTaskWhoseWorkerDiesIsNotRetried() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker first = world.startPool(1).get(0);
    TaskSpec task = world.task("retries", 3);
    world.core.submit(task, null);
    world.core.cancel(task.taskId(), false, false);
    world.core.workerExited(first, 137, "died with exit code 137");
    Worker second = world.connectNewest();
    assertEquals(List.of(), executed(second));
    assertInstanceOf(TaskCancelledException.class, world.settledError(task.taskId()));
  }

  @Test
  void aRecursiveCancelReachesEveryUnfinishedTaskTheTaskSubmittedAndTheirs() {
    FakeWorld world = new FakeWorld(3, 0, 0);
    List<Worker> workers = world.startPool(3);
    TaskSpec parent = world.task("parent", 0);
    world.core.submit(parent, null);
    Worker parentWorker = ranOn(workers, parent);
    TaskSpec child = world.task("child", 0);
    world.core.frame(parentWorker, new ToDriver.Submit(child));
    Worker childWorker = ranOn(workers, child);
    TaskSpec finishedChild = world.task("quick", 0);
    world.core.frame(parentWorker, new ToDriver.Submit(finishedChild));
    Worker quickWorker = ranOn(workers, finishedChild);
    TaskSpec grandchild = world.task("grandchild", 0);
    world.core.frame(quickWorker, new ToDriver.Submit(grandchild));
    world.finish(quickWorker, finishedChild); // its child is still the parent's to cancel
    Worker grandchildWorker = ranOn(workers, grandchild);
    TaskSpec unrelated = world.task("unrelated", 0);
    world.core.submit(unrelated, null); // queued: every CPU is taken

    world.core.cancel(parent.taskId(), false, true);

    for (TaskSpec cancelled : List.of(parent, child, grandchild)) {
      assertInstanceOf(TaskCancelledException.class, world.settledError(cancelled.taskId()),
          cancelled.displayName());
    }
    assertNull(world.settledError(finishedChild.taskId()));
    assertTrue(sent(childWorker).contains(new ToWorker.CancelTask(child.taskId())));
    assertTrue(sent(grandchildWorker).contains(new ToWorker.CancelTask(grandchild.taskId())));
    // The child's code returns once interrupted: its CPU goes to the task that waited.
    world.core.frame(childWorker, new ToDriver.TaskDone(child.taskId(), null, new long[0], true));
    assertEquals(List.of(unrelated.taskId()), executed(childWorker));
    assertEquals(List.of(), world.killed);
  }

  @Test
  void aNonRecursiveCancelLeavesTheChildrenRunning() {
    FakeWorld world = new FakeWorld(2, 0, 0);
    List<Worker> workers = world.startPool(2);
    TaskSpec parent = world.task("parent", 0);
    world.core.submit(parent, null);
    Worker parentWorker = ranOn(workers, parent);
    TaskSpec child = world.task("child", 0);
    world.core.frame(parentWorker, new ToDriver.Submit(child));
    Worker childWorker = ranOn(workers, child);
    world.core.cancel(parent.taskId(), false, false);
    assertEquals(List.of(), sent(childWorker));
    assertTrue(!world.settled(child.taskId()));
  }

  @Test
  void aTaskThatThrowsAndWhoseWorkerDiesRunsAtMostMaxRetriesPlusOneTimes() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec task = world.task("flaky", 2);
    task = new TaskSpec(task.taskId(), task.functionId(), task.displayName(), 2, true,
        task.argValues(), task.argRefs(), task.nestedRefs());
    world.core.submit(task, null);
    List<Integer> attempts = new ArrayList<>();

    attempts.add(attemptSent(worker)); // run 1 throws a retryable exception
    world.core.frame(worker, new ToDriver.TaskDone(task.taskId(), "java.io.IOException: x",
        new long[0], false, 0, 0, 0, true));
    attempts.add(attemptSent(worker)); // run 2: its worker dies
    world.core.workerExited(worker, 137, "died with exit code 137");
    worker = world.connectNewest();
    attempts.add(attemptSent(worker)); // run 3 dies too: no retry is left
    world.core.workerExited(worker, 137, "died with exit code 137");
    worker = world.connectNewest();

    assertEquals(List.of(1, 2, 3), attempts);
    assertEquals(List.of(), executed(worker), "ran more than maxRetries + 1 times");
    assertInstanceOf(WorkerDiedException.class, world.settledError(task.taskId()));
  }

  @Test
  void theWorkerDecidesOnTheSpecItIsSentWhetherAnExceptionIsRetried() {
    TaskSpec spec = new TaskSpec(1, "f#x", "x", 2, true, new byte[0][], new long[0],
        new long[0]).withRetryOn(new String[] {IOException.class.getName()});
    assertTrue(spec.withAttempt(1).retriesOn(new FileNotFoundException("a subclass")));
    assertTrue(spec.withAttempt(2).retriesOn(new IOException("named")));
    assertTrue(!spec.withAttempt(3).retriesOn(new IOException("no retry left")));
    assertTrue(!spec.withAttempt(1).retriesOn(new IllegalStateException("not named")));
    assertTrue(!spec.withAttempt(1).retriesOn(new OutOfMemoryError("an error")));
    TaskSpec any = spec.withRetryOn(new String[0]);
    assertTrue(any.withAttempt(1).retriesOn(new IllegalStateException("any exception")));
    TaskSpec off = new TaskSpec(1, "f#x", "x", 2, false, new byte[0][], new long[0],
        new long[0]);
    assertTrue(!off.withAttempt(1).retriesOn(new IOException("not opted in")));
  }

  @Test
  void aRetryTheDriverCannotGrantFailsTheRefWithTheWorkersError() {
    FakeWorld world = new FakeWorld(1, 0, 0);
    Worker worker = world.startPool(1).get(0);
    TaskSpec task = world.task("flaky", 0);
    world.core.submit(task, null);
    executed(worker);
    world.core.frame(worker, new ToDriver.TaskDone(task.taskId(), "java.io.IOException: x",
        new long[0], false, 0, 0, 0, true));
    assertInstanceOf(TaskFailedException.class, world.settledError(task.taskId()));
    assertEquals(List.of(), executed(worker));
  }

  /** The attempt number of the one task the worker was just sent. */
  private static int attemptSent(Worker worker) {
    List<ToWorker> frames = sent(worker);
    assertEquals(1, frames.size(), frames.toString());
    return ((ToWorker.Execute) frames.get(0)).spec().attempt();
  }

  /** The worker the core just sent the task to. */
  private static Worker ranOn(List<Worker> workers, TaskSpec task) {
    for (Worker worker : workers) {
      if (executed(worker).contains(task.taskId())) {
        return worker;
      }
    }
    throw new AssertionError(task.displayName() + " was sent to no worker");
  }

  private static long countSettles(FakeWorld world, long id) {
    return world.effects.stream()
        .filter(e -> e instanceof Effect.Settle settle && settle.id() == id).count();
  }
}
