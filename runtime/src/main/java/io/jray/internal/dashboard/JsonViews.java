package io.jray.internal.dashboard;

import io.jray.NodeInfo;
import io.jray.state.ActorInfo;
import io.jray.state.ClusterSummary;
import io.jray.state.LogLine;
import io.jray.state.ObjectInfo;
import io.jray.state.Page;
import io.jray.state.ProcessInfo;
import io.jray.state.ResourceSample;
import io.jray.state.ResourceUse;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The state API's records as the dashboard's JSON: names as in the records, times in epoch ms. */
final class JsonViews {
  private JsonViews() {}

  static String summary(ClusterSummary s, List<ResourceUse> resources, Instant now) {
    Json json = new Json().beginObject()
        .field("now", now)
        .field("startedAt", s.startedAt())
        .field("numCpus", s.numCpus())
        .field("busyCpus", s.busyCpus())
        .field("workers", s.workers())
        .name("tasks").beginObject();
    for (TaskState state : TaskState.values()) {
      json.field(state.name(), s.tasks().getOrDefault(state, 0L));
    }
    json.endObject().name("actors").beginObject();
    for (Map.Entry<String, Long> entry : s.actors().entrySet()) {
      json.field(entry.getKey(), entry.getValue());
    }
    json.endObject()
        .name("store").beginObject()
        .field("usedBytes", s.storeUsedBytes())
        .field("capacityBytes", s.storeCapacityBytes())
        .field("objects", s.storeObjects())
        .endObject()
        .name("resources").beginArray();
    for (ResourceUse use : resources) {
      json.beginObject()
          .field("name", use.name())
          .field("capacity", use.capacity())
          .field("used", use.used())
          .endObject();
    }
    return json.endArray().endObject().toString();
  }

  static <T> String page(Page<T> page, BiConsumer<Json, T> item) {
    Json json = new Json().beginObject()
        .field("total", page.total())
        .field("offset", page.offset())
        .field("limit", page.limit())
        .name("items").beginArray();
    for (T t : page.items()) {
      json.beginObject();
      item.accept(json, t);
      json.endObject();
    }
    return json.endArray().endObject().toString();
  }

  static void task(Json json, TaskInfo t) {
    json.field("taskId", t.taskId())
        .field("function", t.function())
        .field("state", t.state().name())
        .field("workerPid", t.workerPid())
        .field("attempts", t.attempts())
        .field("submitterPid", t.submitterPid())
        .field("submittedAt", t.submittedAt())
        .field("startedAt", t.startedAt())
        .field("endedAt", t.endedAt())
        .field("error", t.error());
  }

  static void actor(Json json, ActorInfo a) {
    json.field("actorId", a.actorId())
        .field("className", a.className())
        .field("simpleClassName", a.simpleClassName())
        .field("concurrency", a.concurrency())
        .field("running", a.running())
        .field("waiting", a.waiting())
        .field("name", a.name())
        .field("state", a.state())
        .field("pid", a.pid())
        .field("calls", a.calls())
        .field("createdAt", a.createdAt());
  }

  static void object(Json json, ObjectInfo o) {
    json.field("objectId", o.objectId())
        .field("sizeBytes", o.sizeBytes())
        .field("storedIn", o.storedIn().name())
        .field("error", o.error())
        .field("creatorPid", o.creatorPid())
        .field("task", o.task());
  }

  /** A process, with the class of the actor it hosts (null if none). */
  static void process(Json json, ProcessInfo p, String actorClass) {
    process(json, p);
    json.field("actorClass", actorClass);
  }

  static void process(Json json, ProcessInfo p) {
    json.field("pid", p.pid())
        .field("role", p.role().name())
        .field("state", p.state().name())
        .field("cpuPercent", p.cpuPercent())
        .field("rssBytes", p.rssBytes())
        .field("taskId", p.taskId())
        .field("function", p.function())
        .field("actorId", p.actorId())
        .field("tasksFinished", p.tasksFinished())
        .field("exitCode", p.exitCode())
        .field("startedAt", p.startedAt());
  }

  static String nodes(List<NodeStatus> nodes) {
    Json json = new Json().beginObject().name("items").beginArray();
    for (NodeStatus status : nodes) {
      NodeInfo node = status.info();
      json.beginObject()
          .field("nodeId", node.nodeId())
          .field("address", node.address())
          .field("alive", node.alive())
          .name("resources").beginObject();
      node.resources().forEach(json::field);
      json.endObject().name("used").beginObject();
      status.used().forEach(json::field);
      json.endObject().endObject();
    }
    return json.endArray().field("total", nodes.size()).endObject().toString();
  }

  static String logs(List<LogLine> lines, long after) {
    long last = lines.isEmpty() ? Math.max(after, 0) : lines.get(lines.size() - 1).seq();
    Json json = new Json().beginObject().field("last", last).name("lines").beginArray();
    for (LogLine line : lines) {
      json.beginObject()
          .field("seq", line.seq())
          .field("pid", line.pid())
          .field("time", line.time())
          .field("stderr", line.stderr())
          .field("text", line.text())
          .endObject();
    }
    return json.endArray().endObject().toString();
  }

  /** Samples grouped by process: {"now":…,"processes":[{"pid":…,"samples":[[t,cpu,rss],…]}]}. */
  static String metrics(List<ResourceSample> samples, Instant now) {
    Map<Long, List<ResourceSample>> byPid = new LinkedHashMap<>();
    for (ResourceSample sample : samples) {
      byPid.computeIfAbsent(sample.pid(), pid -> new ArrayList<>()).add(sample);
    }
    Json json = new Json().beginObject()
        .field("now", now)
        .field("windowMs", ProcessMetrics.WINDOW_MILLIS)
        .name("processes").beginArray();
    for (Map.Entry<Long, List<ResourceSample>> entry : byPid.entrySet()) {
      json.beginObject().field("pid", entry.getKey()).name("samples").beginArray();
      for (ResourceSample sample : entry.getValue()) {
        json.beginArray()
            .value(sample.time())
            .value(sample.cpuPercent())
            .value(sample.rssBytes())
            .endArray();
      }
      json.endArray().endObject();
    }
    return json.endArray().endObject().toString();
  }
}
