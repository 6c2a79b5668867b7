package io.jray.internal.dashboard;

import io.jray.internal.ObjectIds;
import io.jray.internal.dashboard.TaskTable.Task;
import io.jray.state.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The session's timeline in the Chrome trace event format (the JSON object form, which
 * chrome://tracing and Perfetto open), as Ray's {@code ray.timeline()} writes it.
 *
 * <p>Each task and actor call that has started is one complete event ({@code "ph":"X"}) named by
 * its function, on the process and thread that ran it, spanning its run as the worker measured
 * it. Its submission and wait are an async span ({@code "b"}/{@code "e"}, category {@code
 * waiting}) on the submitting process, from submission to the start of the run: async spans may
 * overlap, as waiting tasks do. Metadata events name every process (driver, worker, actor and its
 * class) and the threads.
 */
final class ChromeTrace {
  /** Thread id of the lane, in each submitting process, that shows tasks waiting to run. */
  static final long WAITING_LANE = 0;

  /** One started task or actor call, copied out of the task table. Times in epoch microseconds. */
  record Span(String taskId, String function, TaskState state, boolean actorCall,
      long submitterPid, long workerPid, long threadId, long submittedMicros, long startMicros,
      long endMicros, int attempts, String error) {}

  /** The spans and the name of every process the session knows. */
  record Snapshot(List<Span> spans, Map<Long, String> processNames) {}

  private ChromeTrace() {}

  /** The span of a started task; end 0 while it runs. */
  static Span span(Task task) {
    long start = task.ranFromMicros != 0 ? task.ranFromMicros : micros(task.startedAt);
    long end = task.ranToMicros != 0 ? task.ranToMicros : micros(task.endedAt);
    return new Span(ObjectIds.hex(task.id), task.function, task.state, task.actorCall,
        task.submitterPid, task.workerPid, task.threadId,
        micros(task.submittedAt), start, end, task.attempts, task.error);
  }

  /** The trace as JSON; tasks still running end at {@code now}. */
  static String json(Snapshot snapshot, Instant now) {
    long nowMicros = micros(now);
    Json json = new Json().beginObject().field("displayTimeUnit", "ms").name("traceEvents")
        .beginArray();
    snapshot.processNames().forEach((pid, name) -> metadata(json, pid, "process_name", name));
    for (Span span : snapshot.spans()) {
      long end = span.endMicros() == 0 ? Math.max(nowMicros, span.startMicros()) : span.endMicros();
      json.beginObject()
          .field("name", span.function())
          .field("cat", span.actorCall() ? "actor_call" : "task")
          .field("ph", "X")
          .field("ts", span.startMicros())
          .field("dur", Math.max(1, end - span.startMicros()))
          .field("pid", span.workerPid())
          .field("tid", span.threadId())
          .name("args").beginObject()
          .field("task_id", span.taskId())
          .field("state", span.state().name())
          .field("submitted_by_pid", span.submitterPid())
          .field("waited_ms", Math.max(0, span.startMicros() - span.submittedMicros()) / 1000.0)
          .field("attempts", span.attempts());
      if (span.error() != null) {
        json.field("error", span.error());
      }
      json.endObject().endObject();
      waiting(json, span, "b", span.submittedMicros());
      waiting(json, span, "e", Math.max(span.submittedMicros(), span.startMicros()));
    }
    for (Long pid : snapshot.processNames().keySet()) {
      metadata(json, pid, WAITING_LANE, "thread_name", "submitted, waiting to run");
    }
    return json.endArray().endObject().toString();
  }

  private static void waiting(Json json, Span span, String phase, long micros) {
    json.beginObject()
        .field("name", span.function())
        .field("cat", "waiting")
        .field("ph", phase)
        .field("id", "0x" + span.taskId())
        .field("ts", micros)
        .field("pid", span.submitterPid())
        .field("tid", WAITING_LANE)
        .endObject();
  }

  private static void metadata(Json json, long pid, String kind, String name) {
    json.beginObject().field("name", kind).field("ph", "M").field("pid", pid)
        .name("args").beginObject().field("name", name).endObject().endObject();
  }

  private static void metadata(Json json, long pid, long tid, String kind, String name) {
    json.beginObject().field("name", kind).field("ph", "M").field("pid", pid).field("tid", tid)
        .name("args").beginObject().field("name", name).endObject().endObject();
  }

  private static long micros(Instant instant) {
    return instant == null ? 0 : instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }
}
