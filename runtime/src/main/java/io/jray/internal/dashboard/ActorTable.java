package io.jray.internal.dashboard;

import io.jray.internal.ObjectIds;
import io.jray.state.ActorInfo;
import io.jray.state.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every actor of the session, in creation order. Guarded by StateRecorder. */
final class ActorTable {
  /** The state an actor has from its creation until the runtime reports another. */
  static final String PENDING_CREATION = "PENDING_CREATION";

  private static final class Actor {
    final long id;
    final String className;
    final String name;
    final Instant createdAt;
    String state = PENDING_CREATION;
    long pid;
    long calls;
    boolean isolated;

    Actor(long id, String className, String name, Instant createdAt) {
      this.id = id;
      this.className = className;
      this.name = name;
      this.createdAt = createdAt;
    }
  }

  private final LinkedHashMap<Long, Actor> actors = new LinkedHashMap<>();

  void created(long id, String className, String name, Instant now) {
    actors.putIfAbsent(id, new Actor(id, className, name, now));
  }

  void state(long id, String state, long pid, Instant now) {
    Actor actor = actors.computeIfAbsent(id, unknown -> new Actor(unknown, "?", null, now));
    actor.state = state;
    actor.pid = pid;
  }

  /** Where its next process is: a JVM of its own ({@code alone}), or a host it shares. */
  void hosted(long id, boolean alone, Instant now) {
    actors.computeIfAbsent(id, unknown -> new Actor(unknown, "?", null, now)).isolated = alone;
  }

  /** The process it lives in now, 0 if none or unknown. */
  long pidOf(long id) {
    Actor actor = actors.get(id);
    return actor == null ? 0 : actor.pid;
  }

  void callSubmitted(long id, Instant now) {
    actors.computeIfAbsent(id, unknown -> new Actor(unknown, "?", null, now)).calls++;
  }

  /** The actor's class, or null if it is not known. */
  String className(long id) {
    Actor actor = actors.get(id);
    return actor == null ? null : actor.className;
  }

  Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (Actor actor : actors.values()) {
      counts.merge(actor.state, 1L, Long::sum);
    }
    return counts;
  }

  Page<ActorInfo> page(int offset, int limit, java.util.function.LongFunction<ActorLoad> loads) {
    List<ActorInfo> items = new ArrayList<>();
    int index = 0;
    for (Actor actor : actors.values()) {
      if (items.size() == limit) {
        break;
      }
      if (index++ >= offset) {
        ActorLoad load = loads.apply(actor.id);
        items.add(new ActorInfo(ObjectIds.hex(actor.id), actor.className, actor.name,
            actor.state, actor.pid, actor.calls, actor.createdAt, load.concurrency(),
            load.running(), load.waiting(), actor.isolated));
      }
    }
    return new Page<>(items, actors.size(), offset, limit);
  }
}
