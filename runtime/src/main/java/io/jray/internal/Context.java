package io.jray.internal;

import io.jray.NodeInfo;
import io.jray.RuntimeContext;
import io.jray.internal.protocol.TaskSpec;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** {@link RuntimeContext} over a runtime and what its process runs now ({@link CurrentWork}). */
final class Context implements RuntimeContext {
  private final BaseRuntime runtime;

  Context(BaseRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public String getCurrentJobId() {
    return runtime.session().jobId();
  }

  @Override
  public Optional<String> getCurrentTaskId() {
    TaskSpec task = CurrentWork.task();
    return task == null ? Optional.empty() : Optional.of(ObjectIds.hex(task.taskId()));
  }

  @Override
  public Optional<String> getCurrentActorId() {
    TaskSpec actor = CurrentWork.actor();
    return actor == null ? Optional.empty() : Optional.of(ObjectIds.hex(actor.taskId()));
  }

  @Override
  public boolean wasCurrentActorRestarted() {
    return CurrentWork.actor() != null && CurrentWork.actorRestarts() > 0;
  }

  @Override
  public String getCurrentNodeId() {
    return runtime.currentNodeId();
  }

  @Override
  public List<NodeInfo> getAllNodeInfo() {
    return runtime.nodes();
  }

  @Override
  public List<Integer> getGpuIds() {
    TaskSpec task = CurrentWork.task();
    TaskSpec holder = task != null && task.gpuIds().length > 0 ? task : CurrentWork.actor();
    return holder == null ? List.of() : IntStream.of(holder.gpuIds()).boxed().toList();
  }
}
