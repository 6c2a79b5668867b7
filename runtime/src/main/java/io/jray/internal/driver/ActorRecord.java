package io.jray.internal.driver;

import io.jray.internal.protocol.TaskSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** The driver's view of one actor. Mutable fields are guarded by the {@link DriverCore}. */
final class ActorRecord {
  enum State { STARTING, ALIVE, RESTARTING, DEAD }

  final long id;
  final String className;
  final String name;
  final int maxRestarts;
  final int maxTaskRetries;
  /** How it runs its calls and how long it lives. */
  final ActorSettings settings;
  /** Times each call was sent again after a restart, by call id. */
  final Map<Long, Integer> retries = new java.util.HashMap<>();
  /** The constructor call, kept to run again on a restart. */
  final TaskSpec creation;

  State state = State.STARTING;
  /** The process whose task or actor created it, which it ends with; null if the driver. */
  Worker owner;
  /** No handle to it is left: it ends once its calls are done. */
  boolean unreferenced;
  /** Its resources, as the scheduler holds them for it; set at creation. */
  Scheduler.Holder placement;
  /** The GPU devices it holds, once placed. */
  int[] gpuIds = new int[0];
  int restarts;
  /**
   * It runs in a JVM of its own: its settings say so, it holds GPUs (a process's devices are its
   * own), or it once called System.exit in a host it shared.
   */
  boolean alone;
  Worker host;
  boolean creationSent;
  String deathReason;
  /** Calls not yet sent to the host, in submission order. */
  final Deque<TaskSpec> queue = new ArrayDeque<>();
  /** Calls sent and not yet done, by call id. */
  final Map<Long, TaskSpec> inFlight = new LinkedHashMap<>();
  /** The object the head of the queue waits for, so we ask to be told only once. */
  long waitingFor;
  /** When the latest call to it came (the core's clock), to tell a burst of calls. */
  long lastCallNanos;

  ActorRecord(long id, String className, String name, int maxRestarts, int maxTaskRetries,
      ActorSettings settings, TaskSpec creation, long now) {
    this.settings = settings;
    this.lastCallNanos = now - (1L << 62); // long ago
    this.id = id;
    this.className = className;
    this.name = name;
    this.maxRestarts = maxRestarts;
    this.maxTaskRetries = maxTaskRetries;
    this.creation = creation;
  }

  /** Whether a call that was running when the host died may be sent again. */
  boolean mayRetry(long callId) {
    return maxTaskRetries < 0 || retries.getOrDefault(callId, 0) < maxTaskRetries;
  }

  boolean mayRestart() {
    return maxRestarts < 0 || restarts < maxRestarts;
  }

  /** As a handle prints, with the name if it has one. */
  String describe() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return "Actor(" + simple + ", " + io.jray.internal.ObjectIds.hex(id) + ")"
        + (name == null ? "" : " named '" + name + "'");
  }
}
