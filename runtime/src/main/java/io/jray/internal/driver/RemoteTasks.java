package io.jray.internal.driver;

import io.jray.ObjectLostException;
import io.jray.RayException;
import io.jray.WorkerDiedException;
import io.jray.internal.ObjectIds;
import io.jray.internal.RayErrors;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A driver's tasks on a cluster's nodes, as one part of its core (the core's lock guards it): each
 * node's job host is a target with a slot and as many CPUs as its node offers. A task waits in the
 * core until its arguments are settled, then goes to the target with the most room; its result
 * stays there, and {@link ObjectPlaces} says where. A node lost takes its running tasks with it:
 * they run again elsewhere while their retries last.
 */
final class RemoteTasks {
  /** Tasks sent to a job host beyond its CPUs, so that it never waits for the next one. */
  private static final int QUEUED_PER_CPU = 1;

  /** One node's job host. */
  private static final class Target {
    final int slot;
    final int cpus;
    final Map<Long, TaskSpec> running = new LinkedHashMap<>();

    Target(int slot, int cpus) {
      this.slot = slot;
      this.cpus = Math.max(1, cpus);
    }

    int room() {
      return cpus * (1 + QUEUED_PER_CPU) - running.size();
    }
  }

  private final Map<Integer, Target> targets = new LinkedHashMap<>();
  private final ArrayDeque<TaskSpec> ready = new ArrayDeque<>();
  private final Map<Long, Integer> attempts = new HashMap<>();
  private final ObjectPlaces places;
  private final LongPredicate inStore;
  private final RuntimeEvents events;
  private final RefCounts refs;
  private final ArgumentWaits waits;
  private final TaskEnds ends;
  private final Effects effects;

  RemoteTasks(ObjectPlaces places, LongPredicate inStore, RuntimeEvents events, RefCounts refs,
      ArgumentWaits waits, TaskEnds ends, Effects effects) {
    this.places = places;
    this.inStore = inStore;
    this.events = events;
    this.refs = refs;
    this.waits = waits;
    this.ends = ends;
    this.effects = effects;
  }

  /** A node's job host takes tasks from now on. */
  void addTarget(int slot, int cpus) {
    targets.put(slot, new Target(slot, cpus));
    dispatch();
  }

  boolean hasTargets() {
    return !targets.isEmpty();
  }

  void submit(TaskSpec spec) {
    events.taskSubmitted(spec.taskId(), spec.displayName(), ProcessHandle.current().pid());
    refs.expect(spec.taskId());
    refs.hold(spec.heldRefs());
    int[] missing = {0};
    for (int i = 0; i < spec.argCount(); i++) {
      long id = spec.argRefs()[i];
      if (spec.isRef(i) && !settled(id)) {
        missing[0]++;
        waits.await(id, (done, failure) -> {
          if (failure != null) {
            missing[0] = -1;
            ends.fail(spec.taskId(), spec, 0, failure);
          } else if (missing[0] > 0 && --missing[0] == 0) {
            ready.add(spec);
            dispatch();
          }
        });
      }
    }
    if (missing[0] == 0) {
      ready.add(spec);
      dispatch();
    }
  }

  private boolean settled(long id) {
    return inStore.test(id) || places.slotOf(id) > 0;
  }

  /** Sends ready tasks to the targets with the most room, in the order they became ready. */
  private void dispatch() {
    if (targets.isEmpty()) {
      failAllReady(); // nothing would ever take them
      return;
    }
    while (!ready.isEmpty()) {
      Target target = roomiest();
      if (target == null) {
        return;
      }
      TaskSpec spec = ready.poll();
      target.running.put(spec.taskId(), spec);
      events.taskStarted(spec.taskId(), 0, attempts.getOrDefault(spec.taskId(), 0) + 1);
      long[] held = spec.heldRefs();
      List<Long> ids = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      for (long id : held) {
        int slot = places.slotOf(id);
        if (slot != ObjectIds.slotOf(id)) {
          ids.add(id);
          slots.add(Math.max(slot, 0)); // not placed: the driver's own store
        }
      }
      effects.add(new Effect.Execute(target.slot, spec,
          ids.stream().mapToLong(Long::longValue).toArray(),
          slots.stream().mapToInt(Integer::intValue).toArray()));
    }
  }

  private Target roomiest() {
    Target best = null;
    for (Target target : targets.values()) {
      if (target.room() > 0 && (best == null || target.room() > best.room())) {
        best = target;
      }
    }
    return best;
  }

  /** A result settled in a job host: stored there, or failed outside its store. */
  void settled(int slot, long id, String errorClass, String error) {
    Target target = targets.get(slot);
    TaskSpec spec = target == null ? null : target.running.remove(id);
    if (spec == null) {
      return; // its node was given up on already, and the task sent elsewhere
    }
    attempts.remove(id);
    if (errorClass == null) {
      places.put(id, slot);
      ends.reported(id, spec, null, new long[0], true, 0);
    } else {
      ends.fail(id, spec, 0, RayErrors.rebuild(errorClass, error));
    }
    dispatch();
  }

  /**
   * A node is gone, its job host and store with it: its tasks run again elsewhere while their
   * retries last; the results that were there are lost.
   */
  void slotLost(int slot, String why) {
    Target target = targets.remove(slot);
    if (target == null) {
      return;
    }
    for (TaskSpec spec : target.running.values()) {
      int attempt = attempts.merge(spec.taskId(), 1, Integer::sum);
      if (spec.maxRetries() < 0 || attempt <= spec.maxRetries()) {
        ready.addFirst(spec);
      } else {
        attempts.remove(spec.taskId());
        ends.fail(spec.taskId(), spec, 0, new WorkerDiedException("Task " + spec.displayName()
            + " ran on a node that is gone (" + why + "), after " + attempt + " attempt(s);"
            + " it may retry up to " + spec.maxRetries() + " times"
            + " (@Remote(maxRetries = ...))."));
      }
    }
    for (long id : places.removeSlot(slot)) {
      effects.add(new Effect.Lost(id, new ObjectLostException("The object of ObjectRef("
          + ObjectIds.hex(id) + ") was on a node that is gone (" + why + "). Run the work that"
          + " makes it again.")));
    }
    dispatch();
  }

  private void failAllReady() {
    for (TaskSpec spec : new ArrayList<>(ready)) {
      attempts.remove(spec.taskId());
      ends.fail(spec.taskId(), spec, 0, new RayException("No node of the cluster is left to run"
          + " task " + spec.displayName() + ": start nodes (jray start --address ...) and run it"
          + " again."));
    }
    ready.clear();
  }
}
