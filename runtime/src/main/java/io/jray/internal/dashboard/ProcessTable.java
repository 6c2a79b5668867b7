package io.jray.internal.dashboard;

import io.jray.internal.ObjectIds;
import io.jray.state.LogLine;
import io.jray.state.ProcessInfo;
import io.jray.state.ProcessInfo.Role;
import io.jray.state.ProcessInfo.State;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's processes: what each does, and the lines each printed. Exited ones stay for a
 * while, so that the logs of a worker that died can still be read. Guarded by StateRecorder.
 */
final class ProcessTable {
  /** Exited processes kept, with their logs. */
  static final int EXITED_KEPT = 32;

  static final class Proc {
    final long pid;
    final Instant startedAt;
    final LogRing logs;
    Role role;
    State state;
    long taskId;
    String function;
    /** The actor placed in it last (its name, once it is gone). */
    long actorId;
    /** The live actors it hosts. */
    final java.util.Set<Long> actorIds = new java.util.LinkedHashSet<>();
    long tasksFinished;
    Integer exitCode;

    Proc(long pid, Role role, State state, Instant startedAt, int logLines) {
      this.pid = pid;
      this.role = role;
      this.state = state;
      this.startedAt = startedAt;
      this.logs = new LogRing(logLines);
    }

    ProcessInfo info(double cpuPercent, long rssBytes) {
      boolean running = state == State.BUSY || state == State.BLOCKED;
      return new ProcessInfo(pid, role, state, cpuPercent, rssBytes,
          running ? ObjectIds.hex(taskId) : null, running ? function : null,
          actorId == 0 || actorIds.size() > 1 ? null : ObjectIds.hex(actorId), tasksFinished,
          exitCode, startedAt, actorIds.size());
    }
  }

  private final int logLines;
  private final LinkedHashMap<Long, Proc> alive = new LinkedHashMap<>();
  private final Deque<Proc> exited = new ArrayDeque<>();
  private final Map<Integer, Long> pidsByTag = new HashMap<>();
  private long nextSeq = 1;

  ProcessTable(long driverPid, int logLines, Instant now) {
    this.logLines = logLines;
    alive.put(driverPid, new Proc(driverPid, Role.DRIVER, State.ALIVE, now, 0));
    pidsByTag.put(ObjectIds.DRIVER_TAG, driverPid);
  }

  /** The live process, made on first sight: events about one may come before its start. */
  private Proc proc(long pid, Instant now) {
    Proc proc = alive.get(pid);
    if (proc == null) {
      for (Proc gone : exited) {
        if (gone.pid == pid) {
          return gone;
        }
      }
      proc = new Proc(pid, Role.WORKER, State.STARTING, now, logLines);
      alive.put(pid, proc);
    }
    return proc;
  }

  void started(long pid, Instant now) {
    proc(pid, now);
  }

  void tagged(long pid, int tag) {
    pidsByTag.put(tag, pid);
  }

  /** The pid of the process with this object-id tag, or 0. */
  long pidOfTag(int tag) {
    return pidsByTag.getOrDefault(tag, 0L);
  }

  void ready(long pid, Instant now) {
    Proc proc = proc(pid, now);
    if (proc.state == State.STARTING) {
      proc.state = proc.role == Role.ACTOR ? State.ALIVE : State.IDLE;
    }
  }

  /** Whether pid is (or was) an actor's process. */
  boolean isActor(long pid) {
    Proc proc = alive.get(pid);
    if (proc == null) {
      proc = exited.stream().filter(gone -> gone.pid == pid).findFirst().orElse(null);
    }
    return proc != null && proc.role == Role.ACTOR;
  }

  void taskStarted(long pid, long taskId, String function, Instant now) {
    Proc proc = proc(pid, now);
    if (proc.state != State.EXITED) {
      proc.state = State.BUSY;
      proc.taskId = taskId;
      proc.function = function;
    }
  }

  void taskFinished(long pid, long taskId) {
    Proc proc = alive.get(pid);
    if (proc != null) {
      proc.tasksFinished++;
      if (proc.taskId == taskId && proc.state != State.EXITED) {
        proc.state = proc.role == Role.ACTOR ? State.ALIVE : State.IDLE;
      }
    }
  }

  void blocked(long pid, boolean blocked, Instant now) {
    Proc proc = proc(pid, now);
    if (proc.state == State.BUSY || proc.state == State.BLOCKED) {
      proc.state = blocked ? State.BLOCKED : State.BUSY;
    }
  }

  void exited(long pid, int exitCode, Instant now) {
    Proc proc = alive.remove(pid);
    if (proc == null) {
      proc = new Proc(pid, Role.WORKER, State.EXITED, now, logLines);
    }
    proc.state = State.EXITED;
    proc.exitCode = exitCode;
    exited.addFirst(proc);
    if (exited.size() > EXITED_KEPT) {
      exited.removeLast();
    }
  }

  void actor(long pid, long actorId, Instant now) {
    Proc proc = proc(pid, now);
    proc.role = Role.ACTOR;
    proc.actorId = actorId;
    proc.actorIds.add(actorId);
    if (proc.state == State.IDLE) {
      proc.state = State.ALIVE;
    }
  }

  /** The actor no longer lives in the process (it died, or restarts elsewhere). */
  void actorLeft(long pid, long actorId) {
    Proc proc = alive.get(pid);
    if (proc != null) {
      proc.actorIds.remove(actorId);
    }
  }

  void output(long pid, boolean stderr, String text, Instant now) {
    String line = text.length() > LogRing.MAX_LINE_CHARS
        ? text.substring(0, LogRing.MAX_LINE_CHARS) + " …" : text;
    proc(pid, now).logs.add(new LogLine(nextSeq++, pid, now, stderr, line));
  }

  /** Pids of live processes, the driver's first. */
  List<Long> alivePids() {
    return new ArrayList<>(alive.keySet());
  }

  int aliveWorkers() {
    return alive.size() - 1;
  }

  int busy() {
    int busy = 0;
    for (Proc proc : alive.values()) {
      if (proc.state == State.BUSY) {
        busy++;
      }
    }
    return busy;
  }

  /** Live processes in start order, then exited ones, latest exit first. */
  List<Proc> all() {
    List<Proc> all = new ArrayList<>(alive.values());
    all.addAll(exited);
    return all;
  }

  List<LogLine> logs(long pid, long afterSeq, int limit) {
    if (pid != 0) {
      Proc proc = alive.get(pid);
      if (proc == null) {
        proc = exited.stream().filter(p -> p.pid == pid).findFirst().orElse(null);
      }
      return proc == null ? List.of() : proc.logs.read(afterSeq, limit);
    }
    List<LogLine> merged = new ArrayList<>();
    for (Proc proc : all()) {
      merged.addAll(proc.logs.read(afterSeq, limit));
    }
    merged.sort(Comparator.comparingLong(LogLine::seq));
    return afterSeq < 0
        ? merged.subList(Math.max(0, merged.size() - limit), merged.size())
        : merged.subList(0, Math.min(limit, merged.size()));
  }
}
