package io.jray.internal.driver;

import io.jray.internal.resources.ResourceSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Tasks ready to run, deepest nesting first, in submission order within a depth. A task that
 * waits in get for its children gives its CPU slot to them rather than to another parent that
 * would wait too: with plain FIFO order, parents can fill every worker while their children
 * queue behind them. A task whose demand does not fit now lets later ones that fit go first.
 */
final class TaskQueue {
  /**
   * The driver's own tasks (depth 0), last in the queue's order. Most programs queue no others,
   * and a plain deque is a few steps where the map's are dozens, which counts on a fresh JVM.
   */
  private final ArrayDeque<PendingTask> shallowest = new ArrayDeque<>();
  /** Tasks submitted by tasks (depth 1 and more), deepest first. */
  private final TreeMap<Integer, Deque<PendingTask>> nested =
      new TreeMap<>(Comparator.reverseOrder());
  private int size;
  /** Tasks that ask for anything but one CPU: while there are none, the head speaks for all. */
  private int shaped;

  void addLast(PendingTask task) {
    dequeOf(task.depth).addLast(task);
    counted(task, 1);
  }

  /** Puts a task back at the head of its depth (a retry keeps its place). */
  void addFirst(PendingTask task) {
    dequeOf(task.depth).addFirst(task);
    counted(task, 1);
  }

  private Deque<PendingTask> dequeOf(int depth) {
    return depth == 0 ? shallowest : nested.computeIfAbsent(depth, d -> new ArrayDeque<>());
  }

  private void counted(PendingTask task, int change) {
    size += change;
    if (task.spec.resources() != ResourceSet.ONE_CPU) {
      shaped += change;
    }
  }

  PendingTask peekFirst() {
    return nested.isEmpty() ? shallowest.peekFirst() : nested.firstEntry().getValue().peekFirst();
  }

  /**
   * The first task, in the queue's order, that {@code fits}, or null. Tasks asking for what
   * another has been refused are not asked again, and when every task asks for one CPU the head
   * answers for all.
   */
  PendingTask firstThat(Predicate<PendingTask> fits) {
    PendingTask head = peekFirst();
    if (head == null || fits.test(head)) {
      return head;
    }
    if (shaped == 0) {
      return null;
    }
    List<ResourceSet> refused = new ArrayList<>();
    refused.add(head.spec.resources());
    List<Deque<PendingTask>> inOrder = new ArrayList<>(nested.values());
    inOrder.add(shallowest);
    for (Deque<PendingTask> tasks : inOrder) {
      for (PendingTask task : tasks) {
        if (refused.contains(task.spec.resources())) {
          continue;
        }
        if (fits.test(task)) {
          return task;
        }
        refused.add(task.spec.resources());
      }
    }
    return null;
  }

  PendingTask pollFirst() {
    if (nested.isEmpty()) {
      PendingTask task = shallowest.pollFirst();
      if (task != null) {
        counted(task, -1);
      }
      return task;
    }
    Map.Entry<Integer, Deque<PendingTask>> deepest = nested.firstEntry();
    PendingTask task = deepest.getValue().pollFirst();
    if (deepest.getValue().isEmpty()) {
      nested.remove(deepest.getKey());
    }
    counted(task, -1);
    return task;
  }

  boolean remove(PendingTask task) {
    if (task.depth == 0) {
      if (!shallowest.remove(task)) {
        return false;
      }
    } else {
      Deque<PendingTask> tasks = nested.get(task.depth);
      if (tasks == null || !tasks.remove(task)) {
        return false;
      }
      if (tasks.isEmpty()) {
        nested.remove(task.depth);
      }
    }
    counted(task, -1);
    return true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    shallowest.clear();
    nested.clear();
    size = 0;
    shaped = 0;
  }
}
