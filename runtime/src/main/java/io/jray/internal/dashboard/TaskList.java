package io.jray.internal.dashboard;

import io.jray.internal.dashboard.TaskTable.Task;
import java.util.function.Consumer;

/**
 * The pending or the running tasks, in the order they entered: a list through the tasks
 * themselves ({@link Task#previous}, {@link Task#next}), so that a task moves from one to the
 * other with no look-up and no allocation. A task is in at most one list ({@link Task#list}).
 * Not thread-safe: {@link StateRecorder} guards it.
 */
final class TaskList {
  private Task first;
  private Task last;
  private int size;

  /** Adds the task at the end, unless it is in this list already. */
  void add(Task task) {
    if (task.list == this) {
      return;
    }
    if (task.list != null) {
      task.list.remove(task);
    }
    task.list = this;
    task.previous = last;
    task.next = null;
    if (last == null) {
      first = task;
    } else {
      last.next = task;
    }
    last = task;
    size++;
  }

  /** Takes the task out, if it is in this list. */
  void remove(Task task) {
    if (task.list != this) {
      return;
    }
    if (task.previous == null) {
      first = task.next;
    } else {
      task.previous.next = task.next;
    }
    if (task.next == null) {
      last = task.previous;
    } else {
      task.next.previous = task.previous;
    }
    task.previous = null;
    task.next = null;
    task.list = null;
    size--;
  }

  int size() {
    return size;
  }

  /** The oldest task, or null; the rest follow through {@link Task#next}. */
  Task first() {
    return first;
  }

  /** Each task, oldest first; the action may remove the task it is given. */
  void forEach(Consumer<Task> action) {
    for (Task task = first; task != null; ) {
      Task next = task.next;
      action.accept(task);
      task = next;
    }
  }
}
