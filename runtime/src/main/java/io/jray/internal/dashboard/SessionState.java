package io.jray.internal.dashboard;

import io.jray.ObjectRef;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectRefImpl;
import io.jray.internal.StoredValues;
import io.jray.internal.store.ObjectStore;
import io.jray.state.ActorInfo;
import io.jray.state.ClusterSummary;
import io.jray.state.LogLine;
import io.jray.state.ObjectInfo;
import io.jray.state.Page;
import io.jray.state.ProcessInfo;
import io.jray.state.RayState;
import io.jray.state.ResourceSample;
import io.jray.state.ResourceUse;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The state API over the recorder, the process metrics and the store. Thread-safe. */
final class SessionState implements RayState {
  private final StateRecorder recorder;
  private final ProcessMetrics metrics;
  private final StoreView store;
  private final int numCpus;
  private final Supplier<String> dashboardUrl;
  private final Supplier<List<ResourceUse>> resources;
  private final Supplier<Map<Long, ActorLoad>> actorLoads;

  SessionState(StateRecorder recorder, ProcessMetrics metrics, StoreView store, int numCpus,
      Supplier<String> dashboardUrl, Supplier<List<ResourceUse>> resources) {
    this(recorder, metrics, store, numCpus, dashboardUrl, resources, Map::of);
  }

  /** {@code actorLoads}: how busy each actor is, by id, from the driver's core when asked. */
  SessionState(StateRecorder recorder, ProcessMetrics metrics, StoreView store, int numCpus,
      Supplier<String> dashboardUrl, Supplier<List<ResourceUse>> resources,
      Supplier<Map<Long, ActorLoad>> actorLoads) {
    this.actorLoads = actorLoads;
    this.resources = resources;
    this.recorder = recorder;
    this.metrics = metrics;
    this.store = store;
    this.numCpus = numCpus;
    this.dashboardUrl = dashboardUrl;
  }

  @Override
  public ClusterSummary summary() {
    int[] busyAndWorkers = recorder.withProcesses(p -> new int[] {p.busy(), p.aliveWorkers()});
    return new ClusterSummary(numCpus, Math.min(numCpus, busyAndWorkers[0]), busyAndWorkers[1],
        recorder.taskCounts(), recorder.actorCounts(), store.usedBytes(), store.capacityBytes(),
        store.objectCount() + store.keptCount(), recorder.startedAt());
  }

  @Override
  public List<ResourceUse> resources() {
    return resources.get();
  }

  @Override
  public Page<TaskInfo> tasks(TaskState state, int offset, int limit) {
    checkPage(offset, limit);
    return recorder.tasks(state, offset, limit);
  }

  @Override
  public Optional<TaskInfo> task(ObjectRef<?> ref) {
    return Optional.ofNullable(recorder.task(ObjectRefImpl.idOf(Objects.requireNonNull(ref))));
  }

  @Override
  public Page<ActorInfo> actors(int offset, int limit) {
    checkPage(offset, limit);
    return recorder.actors(offset, limit, actorLoads.get());
  }

  @Override
  public Page<ObjectInfo> objects(int offset, int limit) {
    checkPage(offset, limit);
    List<ObjectInfo> items = new ArrayList<>();
    // First the driver's own small results, then the store's objects.
    long kept = store.keptCount();
    for (ObjectStore.Listing object : store.kept(offset, limit)) {
      items.add(info(object, ObjectInfo.StoredIn.DRIVER));
    }
    if (items.size() < limit) {
      int fromStore = (int) Math.max(0, offset - kept);
      for (ObjectStore.Listing object : store.list(fromStore, limit - items.size())) {
        items.add(info(object, object.inFile() ? ObjectInfo.StoredIn.FILE
            : ObjectInfo.StoredIn.INLINE));
      }
    }
    long total = Math.max(store.objectCount() + kept, offset + (long) items.size());
    return new Page<>(items, total, offset, limit);
  }

  private ObjectInfo info(ObjectStore.Listing object, ObjectInfo.StoredIn storedIn) {
    return new ObjectInfo(ObjectIds.hex(object.id()), object.size(), storedIn,
        object.flags() == StoredValues.ERROR, recorder.creatorOf(object.id()),
        recorder.functionOf(object.id()));
  }

  @Override
  public List<ProcessInfo> processes() {
    return recorder.withProcesses(table -> {
      List<ProcessInfo> out = new ArrayList<>();
      for (ProcessTable.Proc proc : table.all()) {
        ResourceSample sample = proc.state == ProcessInfo.State.EXITED ? null : metrics.latest(proc.pid);
        out.add(proc.info(sample == null ? -1 : sample.cpuPercent(),
            sample == null ? -1 : sample.rssBytes()));
      }
      return out;
    });
  }

  @Override
  public List<LogLine> logs(long pid, long afterSeq, int limit) {
    checkPage(0, limit);
    return recorder.logs(pid, afterSeq, limit);
  }

  @Override
  public List<ResourceSample> resourceHistory(Instant since) {
    return metrics.since(Objects.requireNonNull(since, "since"));
  }

  @Override
  public Optional<String> dashboardUrl() {
    return Optional.ofNullable(dashboardUrl.get());
  }

  /** The timeline as a Chrome trace: every task and actor call still listed. */
  String timeline() {
    return ChromeTrace.json(recorder.timeline(), Instant.now());
  }

  /** Takes one CPU and memory sample of every live process; the sampler calls it each second. */
  void sample() {
    metrics.sample(recorder.alivePids(), Instant.now(), System.nanoTime());
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }
}
