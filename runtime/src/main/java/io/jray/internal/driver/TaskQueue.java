package io.jray.internal.driver;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tasks ready to run, deepest nesting first, in submission order within a depth. A task that
 * waits in get for its children gives its CPU slot to them rather than to another parent that
 * would wait too: with plain FIFO order, parents can fill every worker while their children
 * queue behind them.
 */
final class TaskQueue {
  private final TreeMap<Integer, Deque<PendingTask>> byDepth =
      new TreeMap<>(Comparator.reverseOrder());
  private int size;

  void addLast(PendingTask task) {
    byDepth.computeIfAbsent(task.depth, d -> new ArrayDeque<>()).addLast(task);
    size++;
  }

  /** Puts a task back at the head of its depth (a retry keeps its place). */
  void addFirst(PendingTask task) {
    byDepth.computeIfAbsent(task.depth, d -> new ArrayDeque<>()).addFirst(task);
    size++;
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
    size--;
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
    size--;
    return true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    byDepth.clear();
    size = 0;
  }
}
