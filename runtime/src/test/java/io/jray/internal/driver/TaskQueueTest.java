package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.resources.ResourceSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskQueueTest {
  private long nextId = 1;

  private PendingTask task(int depth) {
    return task(depth, ResourceSet.ONE_CPU);
  }

  private PendingTask task(int depth, ResourceSet demand) {
    PendingTask task = new PendingTask(new TaskSpec(nextId++, "f", "f", 0, false, new byte[0][],
        new long[0], new long[0], demand, new int[0]));
    task.depth = depth;
    return task;
  }

  @Test
  void deepestFirstThenSubmissionOrderWithTheDriversOwnLast() {
    TaskQueue queue = new TaskQueue();
    PendingTask own1 = task(0);
    PendingTask child = task(1);
    PendingTask own2 = task(0);
    PendingTask grandchild = task(2);
    PendingTask child2 = task(1);
    for (PendingTask task : new PendingTask[] {own1, child, own2, grandchild, child2}) {
      queue.addLast(task);
    }
    assertSame(grandchild, queue.peekFirst());
    assertSame(grandchild, queue.pollFirst());
    assertSame(child, queue.pollFirst());
    assertSame(child2, queue.pollFirst());
    assertSame(own1, queue.peekFirst());
    assertSame(own1, queue.pollFirst());
    assertSame(own2, queue.pollFirst());
    assertTrue(queue.isEmpty());
    assertNull(queue.pollFirst());
    assertNull(queue.peekFirst());
  }

  @Test
  void aRetryGoesBackToTheHeadOfItsDepth() {
    TaskQueue queue = new TaskQueue();
    PendingTask own = task(0);
    PendingTask retried = task(0);
    PendingTask child = task(1);
    queue.addLast(own);
    queue.addLast(child);
    queue.addFirst(retried);
    assertSame(child, queue.pollFirst());
    assertSame(retried, queue.pollFirst());
    assertSame(own, queue.pollFirst());
  }

  @Test
  void removesFromAnyDepthOnlyWhatItHolds() {
    TaskQueue queue = new TaskQueue();
    PendingTask own = task(0);
    PendingTask child = task(1);
    queue.addLast(own);
    queue.addLast(child);
    assertTrue(queue.remove(own));
    assertFalse(queue.remove(own));
    assertFalse(queue.remove(task(0)));
    assertFalse(queue.remove(task(3)));
    assertTrue(queue.remove(child));
    assertTrue(queue.isEmpty());
  }

  @Test
  void theFirstThatFitsIsLookedForAcrossDepthsInOrder() {
    TaskQueue queue = new TaskQueue();
    ResourceSet twoCpus = ResourceSet.of(Map.of(ResourceSet.CPU, 2.0));
    PendingTask bigChild = task(1, twoCpus);
    PendingTask bigOwn = task(0, twoCpus);
    PendingTask smallOwn = task(0);
    queue.addLast(bigOwn);
    queue.addLast(smallOwn);
    queue.addLast(bigChild);
    assertSame(smallOwn, queue.firstThat(t -> t.spec.resources() == ResourceSet.ONE_CPU));
    assertSame(bigChild, queue.firstThat(t -> true));
    queue.clear();
    assertTrue(queue.isEmpty());
    assertNull(queue.firstThat(t -> true));
  }
}
