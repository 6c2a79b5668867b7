package io.jray.internal.dashboard;

import io.jray.internal.ObjectIds;
import io.jray.internal.dashboard.TaskTable.Task;
import io.jray.internal.events.RuntimeEvents;
import io.jray.state.ActorInfo;
import io.jray.state.LogLine;
import io.jray.state.Page;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the session's state from the runtime's events: tasks, actors, processes and their output.
 * One lock guards it all; every event does a few map operations under it and calls nothing else,
 * as {@link RuntimeEvents} requires. Readers copy what they return under the same lock.
 */
public final class StateRecorder implements RuntimeEvents {
  /** Lines kept per process. */
  public static final int LOG_LINES_PER_PROCESS = 2000;

  private final Clock clock;
  private final TaskTable tasks;
  private final ActorTable actors = new ActorTable();
  private final ProcessTable processes;
  private final Instant startedAt;

  public StateRecorder(int maxFinishedTasks, long driverPid, Clock clock) {
    this(maxFinishedTasks, driverPid, LOG_LINES_PER_PROCESS, clock);
  }

  StateRecorder(int maxFinishedTasks, long driverPid, int logLinesPerProcess, Clock clock) {
    this.clock = clock;
    this.startedAt = clock.instant();
    this.tasks = new TaskTable(maxFinishedTasks);
    this.processes = new ProcessTable(driverPid, logLinesPerProcess, startedAt);
  }

  /** A recorder for the driver of this JVM. */
  public static StateRecorder forDriver(int maxFinishedTasks) {
    return new StateRecorder(maxFinishedTasks, ProcessHandle.current().pid(), Clock.systemUTC());
  }

  @Override
  public synchronized void taskSubmitted(long taskId, String displayName, long submitterPid) {
    tasks.submitted(taskId, displayName, submitterPid, clock.instant());
  }

  @Override
  public synchronized void taskStarted(long taskId, long workerPid, int attempt) {
    Instant now = clock.instant();
    Task task = tasks.started(taskId, workerPid, attempt, now);
    task.actorCall = processes.isActor(workerPid);
    processes.taskStarted(workerPid, taskId, task.function, now);
  }

  @Override
  public synchronized void taskFinished(long taskId, String error) {
    Task task = tasks.finished(taskId, error, clock.instant());
    if (task != null && task.workerPid != 0) {
      processes.taskFinished(task.workerPid, taskId);
    }
  }

  @Override
  public synchronized void taskRan(long taskId, long pid, long threadId, long startMicros,
      long endMicros) {
    tasks.ran(taskId, pid, threadId, startMicros, endMicros);
    Task task = tasks.get(taskId);
    if (task != null && processes.isActor(pid)) {
      task.actorCall = true; // its first calls may go to the host before it reported its actor
    }
  }

  @Override
  public synchronized void workerStarted(long pid) {
    processes.started(pid, clock.instant());
  }

  @Override
  public synchronized void workerTagged(long pid, int processTag) {
    processes.tagged(pid, processTag);
  }

  @Override
  public synchronized void workerReady(long pid) {
    processes.ready(pid, clock.instant());
  }

  @Override
  public synchronized void workerExited(long pid, int exitCode) {
    tasks.workerExited(pid);
    processes.exited(pid, exitCode, clock.instant());
  }

  @Override
  public synchronized void workerBlocked(long pid, boolean blocked) {
    processes.blocked(pid, blocked, clock.instant());
  }

  @Override
  public synchronized void workerOutput(long pid, boolean stderr, String line) {
    processes.output(pid, stderr, line, clock.instant());
  }

  @Override
  public synchronized void actorCreated(long actorId, String className, String name) {
    actors.created(actorId, className, name, clock.instant());
  }

  @Override
  public synchronized void actorState(long actorId, String state, long pid) {
    Instant now = clock.instant();
    long before = actors.pidOf(actorId);
    actors.state(actorId, state, pid, now);
    if (before != 0 && before != pid || state.equals("DEAD")) {
      processes.actorLeft(before, actorId);
    }
    if (pid != 0 && !state.equals("DEAD")) {
      processes.actor(pid, actorId, now);
    }
  }

  @Override
  public synchronized void actorHosted(long actorId, boolean alone) {
    actors.hosted(actorId, alone, clock.instant());
  }

  @Override
  public synchronized void actorCallSubmitted(long actorId) {
    actors.callSubmitted(actorId, clock.instant());
  }

  // Reads, for SessionState.

  Instant startedAt() {
    return startedAt;
  }

  synchronized Page<TaskInfo> tasks(TaskState state, int offset, int limit) {
    return tasks.page(state, offset, limit);
  }

  synchronized TaskInfo task(long id) {
    Task task = tasks.get(id);
    return task == null ? null : task.info();
  }

  /** The function of the task whose result id is, if it is listed; else null. */
  synchronized String functionOf(long id) {
    Task task = tasks.get(id);
    return task == null ? null : task.function;
  }

  /**
   * The pid of the process that wrote object id, or 0: for a listed task's result its worker
   * (the submitter made the id), else the process whose tag the id carries.
   */
  synchronized long creatorOf(long id) {
    Task task = tasks.get(id);
    if (task != null && task.workerPid != 0) {
      return task.workerPid;
    }
    return processes.pidOfTag(ObjectIds.processTagOf(id));
  }

  synchronized Map<TaskState, Long> taskCounts() {
    return tasks.counts();
  }

  synchronized Page<ActorInfo> actors(int offset, int limit, Map<Long, ActorLoad> loads) {
    return actors.page(offset, limit, id -> loads.getOrDefault(id, ActorLoad.NONE));
  }

  synchronized Map<String, Long> actorCounts() {
    return actors.counts();
  }

  /** Runs reader on the process table under the lock (to copy its mutable records). */
  synchronized <T> T withProcesses(Function<ProcessTable, T> reader) {
    return reader.apply(processes);
  }

  synchronized List<Long> alivePids() {
    return processes.alivePids();
  }

  /** What the timeline shows: every started task that is still listed, and who each process is. */
  synchronized ChromeTrace.Snapshot timeline() {
    List<ChromeTrace.Span> spans = new ArrayList<>();
    tasks.forEachStarted(task -> spans.add(ChromeTrace.span(task)));
    Map<Long, String> names = new LinkedHashMap<>();
    for (ProcessTable.Proc proc : processes.all()) {
      names.put(proc.pid, processName(proc));
    }
    return new ChromeTrace.Snapshot(spans, names);
  }

  private String processName(ProcessTable.Proc proc) {
    return switch (proc.role) {
      case DRIVER -> "driver (pid " + proc.pid + ")";
      case WORKER -> "worker (pid " + proc.pid + ")";
      case ACTOR -> {
        String className = proc.actorId == 0 ? null : actors.className(proc.actorId);
        yield "actor " + (className == null ? "?" : simpleName(className)) + " (pid " + proc.pid
            + ")";
      }
    };
  }

  static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  synchronized List<LogLine> logs(long pid, long afterSeq, int limit) {
    return processes.logs(pid, afterSeq, limit);
  }
}
