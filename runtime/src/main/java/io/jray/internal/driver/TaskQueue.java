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
  private final TreeMap<Integer, Deque<PendingTask>> byDepth =
      new TreeMap<>(Comparator.reverseOrder());
  private int size;
  /** Tasks that ask for anything but one CPU: while there are none, the head speaks for all. */
  private int shaped;

  void addLast(PendingTask task) {
    byDepth.computeIfAbsent(task.depth, d -> new ArrayDeque<>()).addLast(task);
    counted(task, 1);
  }

  /** Puts a task back at the head of its depth (a retry keeps its place). */
  void addFirst(PendingTask task) {
    byDepth.computeIfAbsent(task.depth, d -> new ArrayDeque<>()).addFirst(task);
    counted(task, 1);
  }

  private void counted(PendingTask task, int change) {
    size += change;
    if (task.spec.resources() != ResourceSet.ONE_CPU) {
      shaped += change;
    }
  }

  PendingTask peekFirst() {
    Map.Entry<Integer, Deque<PendingTask>> deepest = byDepth.firstEntry();
    return deepest == null ? null : deepest.getValue().peekFirst();
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
    for (Deque<PendingTask> tasks : byDepth.values()) {
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
    Map.Entry<Integer, Deque<PendingTask>> deepest = byDepth.firstEntry();
    if (deepest == null) {
      return null;
    }
    PendingTask task = deepest.getValue().pollFirst();
    if (deepest.getValue().isEmpty()) {
      byDepth.remove(deepest.getKey());
    }
    counted(task, -1);
    return task;
  }

  boolean remove(PendingTask task) {
    Deque<PendingTask> tasks = byDepth.get(task.depth);
    if (tasks == null || !tasks.remove(task)) {
      return false;
    }
    if (tasks.isEmpty()) {
      byDepth.remove(task.depth);
    }
    counted(task, -1);
    return true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    byDepth.clear();
    size = 0;
    shaped = 0;
  }
}
