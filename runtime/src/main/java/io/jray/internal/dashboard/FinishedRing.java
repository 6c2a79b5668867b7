package io.jray.internal.dashboard;

import io.jray.internal.dashboard.TaskTable.Task;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.util.List;
import java.util.function.Consumer;

/**
 * The latest finished tasks, at most a fixed number: a ring that grows up to its bound, then
 * overwrites the oldest. Indexed access makes a page at any offset cost only the page.
 */
final class FinishedRing {
  private final int max;
  private Task[] slots;
  private int oldest;
  private int size;
  private int failed;

  FinishedRing(int max) {
    this.max = max;
    this.slots = new Task[Math.min(max, 1024)];
  }

  /** Adds a task; returns the one that made room for it, or null. */
  Task add(Task task) {
    if (max == 0) {
      return task;
    }
    if (size == slots.length && size < max) {
      Task[] grown = new Task[(int) Math.min(max, 2L * slots.length)];
      for (int i = 0; i < size; i++) {
        grown[i] = slots[(oldest + i) % slots.length];
      }
      slots = grown;
      oldest = 0;
    }
    Task evicted = null;
    if (size == slots.length) {
      evicted = slots[oldest];
      slots[oldest] = task;
      oldest = (oldest + 1) % slots.length;
      if (evicted.state == TaskState.FAILED) {
        failed--;
      }
    } else {
      slots[(oldest + size) % slots.length] = task;
      size++;
    }
    if (task.state == TaskState.FAILED) {
      failed++;
    }
    return evicted;
  }

  int size() {
    return size;
  }

  long count(TaskState state) {
    return state == TaskState.FAILED ? failed : state == TaskState.FINISHED ? size - failed : 0;
  }

  void forEachOldestFirst(Consumer<Task> action) {
    for (int i = 0; i < size; i++) {
      action.accept(slots[(oldest + i) % slots.length]);
    }
  }

  /** The i-th latest task, 0 being the latest. */
  private Task latest(int i) {
    return slots[(oldest + size - 1 - i) % slots.length];
  }

  /** Copies tasks in state (any done state if null), latest first, skipping offset of them. */
  void copyLatestFirst(TaskState state, int offset, int limit, List<TaskInfo> into) {
    if (limit <= 0) {
      return;
    }
    if (state == null || count(state) == size) {
      for (int i = offset; i < size && limit > 0; i++, limit--) {
        into.add(latest(i).info());
      }
      return;
    }
    int matched = 0;
    for (int i = 0; i < size && limit > 0; i++) {
      Task task = latest(i);
      if (task.state == state && matched++ >= offset) {
        into.add(task.info());
        limit--;
      }
    }
  }
}
