package io.jray;

import java.util.List;
import java.util.Optional;

/**
 * Who and where the calling code is, as Ray's {@code ray.get_runtime_context()}: from the driver,
 * a task or an actor. Get it with {@link Ray#getRuntimeContext()}.
 */
public interface RuntimeContext {

  /**
   * The job: on one machine, the session that {@code Ray.init} started.
   *
   * @return the job's id
   */
  String getCurrentJobId();

  /**
   * The task or actor call running on this thread; empty on the driver and on other threads.
   *
   * @return the id of the task or call running on this thread; empty in the driver
   */
  Optional<String> getCurrentTaskId();

  /**
   * The actor whose process this is; empty outside an actor.
   *
   * @return the id of the actor whose process this is; empty outside an actor
   */
  Optional<String> getCurrentActorId();

  /**
   * Whether this actor was made again after its process died (it runs in a restarted process).
   *
   * @return whether this actor was restarted
   */
  boolean wasCurrentActorRestarted();

  /**
   * The node this process runs on.
   *
   * @return the node's id
   */
  String getCurrentNodeId();

  /**
   * Every node of the session; on one machine, one, whose resources are its capacity.
   *
   * @return every node of the session
   */
  List<NodeInfo> getAllNodeInfo();

  /**
   * The GPU devices the current task (on this thread) or this actor holds, as Ray's {@code
   * ray.get_gpu_ids()}; empty if none. An actor's process also has them in {@code
   * CUDA_VISIBLE_DEVICES}; a task of the pool shares its process with tasks that hold other
   * devices, so it reads them here and passes them on (to a process it starts, say).
   *
   * @return the ids of the GPU devices held
   */
  List<Integer> getGpuIds();
}
