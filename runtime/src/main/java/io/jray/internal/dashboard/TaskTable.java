package io.jray.internal.dashboard;

import io.jray.internal.ObjectIds;
import io.jray.state.Page;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every pending and running task, and the latest finished ones up to a bound, with exact counts
 * by state. Not thread-safe: {@link StateRecorder} guards it.
 */
final class TaskTable {
  /** A task as the table keeps it; mutable, copied out as a {@link TaskInfo}. */
  static final class Task {
    final long id;
    final String function;
    final long submitterPid;
    final Instant submittedAt;
    TaskState state = TaskState.PENDING;
    long workerPid;
    int attempts;
    Instant startedAt;
    Instant endedAt;
    String error;
    /** Where and when it ran, as its worker measured it (see {@code taskRan}); 0 if unknown. */
    long threadId;
    long ranFromMicros;
    long ranToMicros;
    /** A call of an actor's method, not a task. */
    boolean actorCall;
    /** The list it is in (pending or running), and its neighbours there; see TaskList. */
    TaskList list;
    Task previous;
    Task next;

    Task(long id, String function, long submitterPid, Instant submittedAt) {
      this.id = id;
      this.function = function;
      this.submitterPid = submitterPid;
      this.submittedAt = submittedAt;
    }

    TaskInfo info() {
      return new TaskInfo(ObjectIds.hex(id), function, state, workerPid, attempts, submitterPid,
          submittedAt, startedAt, endedAt, error);
    }
  }

  /** Longer error messages are cut, so that 100,000 failed tasks stay small. */
  static final int MAX_ERROR_CHARS = 2000;

  private final TaskList pending = new TaskList();
  private final TaskList running = new TaskList();
  private final FinishedRing finished;
  private final Map<Long, Task> byId = new HashMap<>();
  /** One String per function name, however many tasks (each spec read from a worker has a copy). */
  private final Map<String, String> names = new HashMap<>();
  private long finishedCount;
  private long failedCount;

  TaskTable(int maxFinished) {
    this.finished = new FinishedRing(maxFinished);
  }

  void submitted(long id, String function, long submitterPid, Instant now) {
    if (byId.containsKey(id)) {
      return;
    }
    Task task = new Task(id, names.computeIfAbsent(function, name -> name), submitterPid, now);
    pending.add(task);
    byId.put(id, task);
  }

  /** Returns the task, which now runs on the worker. */
  Task started(long id, long workerPid, int attempt, Instant now) {
    Task task = getOrAdd(id, now);
    if (task.state.isDone()) {
      return task;
    }
    running.add(task); // out of pending
    task.state = TaskState.RUNNING;
    task.workerPid = workerPid;
    task.attempts = attempt;
    task.startedAt = now;
    return task;
  }

  /** Returns the task, now finished or failed; null if it was done already. */
  Task finished(long id, String error, Instant now) {
    Task task = getOrAdd(id, now);
    if (task.state.isDone()) {
      return null;
    }
    pending.remove(task);
    running.remove(task);
    task.state = error == null ? TaskState.FINISHED : TaskState.FAILED;
    task.error = error == null || error.length() <= MAX_ERROR_CHARS
        ? error : error.substring(0, MAX_ERROR_CHARS) + " …";
    task.endedAt = now;
    if (error == null) {
      finishedCount++;
    } else {
      failedCount++;
    }
    Task evicted = finished.add(task);
    if (evicted != null) {
      byId.remove(evicted.id);
    }
    return task;
  }

  /** The task of this id; one the table never heard submitted is added, unnamed. */
  private Task getOrAdd(long id, Instant now) {
    Task task = byId.get(id);
    if (task == null) {
      task = new Task(id, "?", 0, now);
      byId.put(id, task);
    }
    return task;
  }

  /** The worker's own measure of where and when the task ran. */
  void ran(long id, long pid, long threadId, long fromMicros, long toMicros) {
    Task task = byId.get(id);
    if (task != null) {
      task.workerPid = pid;
      task.threadId = threadId;
      task.ranFromMicros = fromMicros;
      task.ranToMicros = toMicros;
    }
  }

  /** Every task that has started: running ones, then the kept finished ones, oldest first. */
  void forEachStarted(Consumer<Task> action) {
    running.forEach(action);
    finished.forEachOldestFirst(action);
  }

  /** The worker died: its running tasks wait again, until they are retried or fail. */
  void workerExited(long workerPid) {
    running.forEach(task -> {
      if (task.workerPid == workerPid) {
        task.state = TaskState.PENDING;
        pending.add(task); // out of running
      }
    });
  }

  Task get(long id) {
    return byId.get(id);
  }

  Map<TaskState, Long> counts() {
    Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
    counts.put(TaskState.PENDING, (long) pending.size());
    counts.put(TaskState.RUNNING, (long) running.size());
    counts.put(TaskState.FINISHED, finishedCount);
    counts.put(TaskState.FAILED, failedCount);
    return counts;
  }

  /** Running first, then pending, then done (latest first); see RayState#tasks. */
  Page<TaskInfo> page(TaskState state, int offset, int limit) {
    List<TaskInfo> items = new ArrayList<>(Math.min(limit, 1024));
    long total;
    if (state == TaskState.RUNNING) {
      total = running.size();
      copy(running, offset, limit, items);
    } else if (state == TaskState.PENDING) {
      total = pending.size();
      copy(pending, offset, limit, items);
    } else if (state != null) {
      total = finished.count(state);
      finished.copyLatestFirst(state, offset, limit, items);
    } else {
      total = running.size() + pending.size() + finished.size();
      int skip = offset;
      copy(running, skip, limit, items);
      skip = Math.max(0, skip - running.size());
      copy(pending, skip, limit - items.size(), items);
      skip = Math.max(0, skip - pending.size());
      finished.copyLatestFirst(null, skip, limit - items.size(), items);
    }
    return new Page<>(items, total, offset, limit);
  }

  private static void copy(TaskList tasks, int offset, int limit, List<TaskInfo> into) {
    if (limit <= 0 || offset >= tasks.size()) {
      return;
    }
    int index = 0;
    for (Task task = tasks.first(); task != null && limit > 0; task = task.next) {
      if (index++ >= offset) {
        into.add(task.info());
        limit--;
      }
    }
  }
}
