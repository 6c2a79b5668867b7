package io.jray.internal.driver;

import io.jray.ObjectLostException;
import io.jray.RayException;
import io.jray.WorkerDiedException;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.RayErrors;
import io.jray.internal.events.RuntimeEvents;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.resources.ResourceSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * A driver's tasks on a cluster's nodes, as one part of its core (the core's lock guards it): each
 * node's job host is a target with a slot and as many CPUs as its node offers. A task waits in the
 * core until its arguments are settled, then goes to the target with the most room; its result
 * stays there, and {@link ObjectPlaces} says where. A node lost takes its running tasks with it:
 * they run again elsewhere while their retries last. It takes the results it held too: each is
 * made again by running its task again (its lineage, kept with the arguments it needs for as long
 * as the result lives), while that task's retries last; else it is lost.
 */
final class RemoteTasks {
  /**
   * How many tasks' worth of CPUs a job host is sent beyond its own, so that it never waits for
   * the next one: its own scheduler keeps them queued until they fit. Other resources are not
   * stretched (a node's one "special" is taken by one task at a time).
   */
  private static final int CPU_STRETCH = 2;

  /** One node's job host: what it offers, and what the tasks sent to it take. */
  private static final class Target {
    final int slot;
    final ResourceSet capacity;
    final ResourceSet stretched;
    ResourceSet used = ResourceSet.EMPTY;
    /** What the actors placed here hold for as long as they live. */
    ResourceSet heldByActors = ResourceSet.EMPTY;
    int actors;
    final Map<Long, TaskSpec> running = new LinkedHashMap<>();

    Target(int slot, ResourceSet capacity) {
      this.slot = slot;
      this.capacity = capacity;
      Map<String, Double> stretch = new HashMap<>(capacity.toMap());
      stretch.merge(ResourceSet.CPU, 0.0, (cpus, none) -> cpus * CPU_STRETCH);
      this.stretched = ResourceSet.of(stretch);
    }

    boolean takes(ResourceSet demand) {
      return demand.fitsIn(stretched.subtract(used));
    }

    long freeCpuUnits() {
      return stretched.units(ResourceSet.CPU) - used.units(ResourceSet.CPU);
    }
  }

  private final Map<Integer, Target> targets = new LinkedHashMap<>();
  private final ArrayDeque<TaskSpec> ready = new ArrayDeque<>();
  /** Tasks no node could run, warned about once each. */
  private final Set<Long> warnedInfeasible = new HashSet<>();
  private final Map<Long, Integer> attempts = new HashMap<>();
  /** Tasks that wait for their arguments, by id. */
  private final Map<Long, TaskSpec> awaiting = new HashMap<>();
  /** The task that made each result held on a node, to make it again if that node is lost. */
  private final Map<Long, TaskSpec> lineage = new HashMap<>();
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

  /** A node's job host takes tasks from now on; {@code capacity} is what its node offers. */
  void addTarget(int slot, ResourceSet capacity) {
    targets.put(slot, new Target(slot, capacity));
    dispatch();
  }

  boolean hasTargets() {
    return !targets.isEmpty();
  }

  void submit(TaskSpec spec) {
    events.taskSubmitted(spec.taskId(), spec.displayName(), ProcessHandle.current().pid());
    refs.expect(spec.taskId());
    refs.hold(spec.heldRefs());
    awaitArguments(spec);
  }

  /**
   * Makes the task ready once every object it refers to is settled, refs inside its values too
   * (its node copies them all in before it runs); fails it if one fails.
   */
  private void awaitArguments(TaskSpec spec) {
    int[] missing = {0};
    awaiting.put(spec.taskId(), spec);
    for (long id : spec.heldRefs()) {
      if (mustAwait(id)) {
        missing[0]++;
        waits.await(id, (done, failure) -> {
          if (failure != null) {
            // Failed once, by its first failed argument; or cancelled meanwhile.
            if (awaiting.remove(spec.taskId(), spec)) {
              ends.fail(spec.taskId(), spec, 0, failure);
            }
          } else if (--missing[0] == 0 && awaiting.remove(spec.taskId(), spec)) {
            ready.add(spec);
            dispatch();
          }
        });
      }
    }
    if (missing[0] == 0) {
      awaiting.remove(spec.taskId());
      ready.add(spec);
      dispatch();
    }
  }

  /**
   * Cancels the driver's task whose result is {@code id}, if it has not settled: its ref fails at
   * once, and it never runs again. One that runs on a node is cancelled there too, as asked
   * (which frees what it holds there), and whatever it leaves is ignored. Returns false if no
   * such task is unsettled here.
   */
  boolean cancel(long id, boolean force, boolean recursive) {
    TaskSpec spec = awaiting.remove(id);
    for (Iterator<TaskSpec> each = ready.iterator(); spec == null && each.hasNext(); ) {
      TaskSpec next = each.next();
      if (next.taskId() == id) {
        each.remove();
        spec = next;
      }
    }
    for (Target target : targets.values()) {
      if (spec != null) {
        break;
      }
      spec = target.running.remove(id);
      if (spec != null) {
        finished(target, spec);
        effects.add(new Effect.CancelRemoteTask(target.slot, id, force, recursive));
      }
    }
    if (spec == null) {
      return false;
    }
    attempts.remove(id);
    warnedInfeasible.remove(id);
    ends.fail(id, spec, 0, TaskEnds.cancelled(spec));
    dispatch();
    return true;
  }

  /**
   * Whether a task that needs the object can be sent: it is in the driver's store, or a node
   * holds it, or a job host's worker made its ref (a nested task's result, say), and the job host
   * that runs the task asks that one for it, waiting until it is stored.
   */
  boolean available(long id) {
    return inStore.test(id) || places.slotOf(id) > 0 || ObjectIds.slotOf(id) > 0;
  }

  /**
   * Whether work that refers to {@code id} must wait before it is sent: an object not settled
   * yet (not an actor's handle, which has no object).
   */
  boolean mustAwait(long id) {
    return !available(id) && !actorIds.test(id);
  }

  /**
   * Sends each ready task whose demand a job host can take now to the best of them (see
   * {@link #best}). A task no node could ever run waits (a node that has what it asks may join), with a
   * warning.
   */
  private void dispatch() {
    if (targets.isEmpty()) {
      failAllReady(); // nothing would ever take them
      return;
    }
    for (Iterator<TaskSpec> waiting = ready.iterator(); waiting.hasNext(); ) {
      TaskSpec spec = waiting.next();
      Target target = best(spec);
      if (target == null) {
        warnIfInfeasible(spec);
        continue;
      }
      waiting.remove();
      target.running.put(spec.taskId(), spec);
      target.used = target.used.add(spec.resources());
      events.taskStarted(spec.taskId(), 0, attempts.getOrDefault(spec.taskId(), 0) + 1);
      Placed placed = placesOf(spec);
      effects.add(new Effect.Execute(target.slot, spec, placed.ids(), placed.slots()));
    }
  }

  /**
   * The objects a task refers to whose place is not their id's slot, and where they are; an
   * actor handle's id (which counts handles, and is no object) is at slot {@link #NOWHERE}.
   */
  record Placed(long[] ids, int[] slots) {}

  /** The slot of an id that names no object: nothing is copied for it. */
  static final int NOWHERE = -1;

  /** Which ids are actors': their handles hold them as refs (see Actors). */
  private LongPredicate actorIds = id -> false;

  void actorIdsAre(LongPredicate actorIds) {
    this.actorIds = actorIds;
  }

  Placed placesOf(TaskSpec spec) {
    List<Long> ids = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (long id : spec.heldRefs()) {
      int slot = places.slotOf(id);
      if (actorIds.test(id)) {
        ids.add(id);
        slots.add(NOWHERE);
      } else if (slot != ObjectIds.slotOf(id)) {
        ids.add(id);
        slots.add(Math.max(slot, 0)); // not placed: the driver's own store
      }
    }
    return new Placed(ids.stream().mapToLong(Long::longValue).toArray(),
        slots.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Picks the job host for an actor that asks for {@code demand}, which it then holds there for
   * as long as it lives: of those whose node has that much left beside its other actors, the one
   * with the fewest actors. Returns its slot, or -1 if none has room now.
   */
  int placeActor(ResourceSet demand) {
    Target best = null;
    for (Target target : targets.values()) {
      if (demand.fitsIn(target.capacity.subtract(target.heldByActors))
          && (best == null || target.actors < best.actors)) {
        best = target;
      }
    }
    if (best == null) {
      return -1;
    }
    best.actors++;
    best.heldByActors = best.heldByActors.add(demand);
    best.used = best.used.add(demand);
    return best.slot;
  }

  /** An actor placed by {@link #placeActor} is dead: its node has what it held again. */
  void releaseActor(int slot, ResourceSet demand) {
    Target target = targets.get(slot);
    if (target != null) {
      target.actors--;
      target.heldByActors = target.heldByActors.subtract(demand);
      target.used = target.used.subtract(demand);
      dispatch();
    }
  }

  /** Whether some node of the cluster could ever meet the demand. */
  boolean feasible(ResourceSet demand) {
    for (Target target : targets.values()) {
      if (demand.fitsIn(target.capacity)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Of the job hosts that can take the task now, the one that holds the most of its arguments
   * (they need not be copied), then the one with the most CPUs free.
   */
  private Target best(TaskSpec spec) {
    long[] refs = spec.heldRefs();
    int[] placedIn = new int[refs.length];
    for (int i = 0; i < refs.length; i++) {
      placedIn[i] = places.slotOf(refs[i]);
    }
    Target best = null;
    int bestHeld = 0;
    for (Target target : targets.values()) {
      if (!target.takes(spec.resources())) {
        continue;
      }
      int held = 0;
      for (int slot : placedIn) {
        if (slot == target.slot) {
          held++;
        }
      }
      if (best == null || held > bestHeld
          || (held == bestHeld && target.freeCpuUnits() > best.freeCpuUnits())) {
        best = target;
        bestHeld = held;
      }
    }
    return best;
  }

  private void warnIfInfeasible(TaskSpec spec) {
    for (Target target : targets.values()) {
      if (spec.resources().fitsIn(target.capacity)) {
        return; // it waits for room, not for a node
      }
    }
    if (warnedInfeasible.add(spec.taskId())) {
      Log.warn("Task {} asks for {}, which no node of the cluster has: it waits for a node that"
          + " does (jray start --resources ...)", spec.displayName(), spec.resources().toSpec());
    }
  }

  private void finished(Target target, TaskSpec spec) {
    target.used = target.used.subtract(spec.resources());
  }

  /**
   * A result settled in a job host: stored there, or failed outside its store. Returns false if
   * it is not a task's that runs there (an actor call's, or a task's sent elsewhere since).
   */
  boolean settled(int slot, long id, String errorClass, String error) {
    Target target = targets.get(slot);
    TaskSpec spec = target == null ? null : target.running.remove(id);
    if (spec == null) {
      return false;
    }
    finished(target, spec);
    warnedInfeasible.remove(id);
    if (errorClass == null) {
      places.put(id, slot);
      if (spec.maxRetries() != 0) {
        // The result holds its arguments, as a value holds the refs inside it: while it lives,
        // its task can run again.
        lineage.put(id, spec);
        refs.contains(id, spec.heldRefs());
      } else {
        attempts.remove(id);
      }
      ends.reported(id, spec, null, new long[0], true, 0);
    } else {
      attempts.remove(id);
      ends.fail(id, spec, 0, RayErrors.rebuild(errorClass, error));
    }
    dispatch();
    return true;
  }

  /** The object was freed: its lineage is needed no more (the counts free its arguments). */
  void freed(long id) {
    if (lineage.remove(id) != null) {
      attempts.remove(id);
    }
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
    Map<Long, TaskSpec> again = new LinkedHashMap<>();
    Map<Long, String> lost = new LinkedHashMap<>();
    for (long id : places.removeSlot(slot)) {
      TaskSpec spec = lineage.remove(id);
      if (inStore.test(id)) {
        continue; // copied home before: nothing is lost
      }
      int attempt = spec == null ? 0 : attempts.merge(id, 1, Integer::sum);
      if (spec != null && (spec.maxRetries() < 0 || attempt <= spec.maxRetries())) {
        again.put(id, spec);
      } else {
        lost.put(id, spec == null ? "" : " and its task " + spec.displayName() + " may not run"
            + " again (it ran " + attempt + " time(s) beyond the first; @Remote(maxRetries ="
            + " ...))");
      }
    }
    // A task that needs a lost object cannot make its own again: it is lost too.
    for (boolean changed = true; changed; ) {
      changed = false;
      for (Iterator<Map.Entry<Long, TaskSpec>> each = again.entrySet().iterator();
          each.hasNext(); ) {
        Map.Entry<Long, TaskSpec> entry = each.next();
        for (long arg : entry.getValue().heldRefs()) {
          if (lost.containsKey(arg)) {
            lost.put(entry.getKey(), " and its task " + entry.getValue().displayName()
                + " needs ObjectRef(" + ObjectIds.hex(arg) + "), which is lost too");
            each.remove();
            changed = true;
            break;
          }
        }
      }
    }
    lost.forEach((id, because) -> {
      attempts.remove(id);
      ObjectLostException error = new ObjectLostException("The object of ObjectRef("
          + ObjectIds.hex(id) + ") was on a node that is gone (" + why + ")" + because
          + ". Run the work that makes it again.");
      effects.add(new Effect.Lost(id, error));
      waits.settled(id, error); // tasks waiting for it fail rather than wait
    });
    for (long id : again.keySet()) {
      refs.expect(id); // made again: nobody may take it for lost or free it meanwhile
    }
    for (TaskSpec spec : again.values()) {
      Log.info("The result of {} was on a node that is gone: running the task again",
          spec.displayName());
      resubmit(spec);
    }
    dispatch();
  }

  /**
   * Runs a task again whose result was lost, as a new submission: it waits for its arguments
   * (some may be being made again too). The result's old arguments hold was given back when it
   * was first stored; this one is given back when it is stored again.
   */
  private void resubmit(TaskSpec spec) {
    events.taskSubmitted(spec.taskId(), spec.displayName(), ProcessHandle.current().pid());
    refs.hold(spec.heldRefs());
    awaitArguments(spec);
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
