package io.jray.state;

import java.time.Instant;
import java.util.Map;

/**
 * The session at a glance, as Ray's {@code ray summary} and {@code ray status}.
 *
 * @param numCpus how many tasks run at once ({@code RayConfig.numCpus})
 * @param busyCpus how many of them run a task now (a task waiting in get lends its slot)
 * @param workers worker and actor processes alive
 * @param tasks tasks by state; exact for the whole session, even past the finished tasks kept
 *     for listing
 * @param actors actors by state
 * @param storeUsedBytes bytes of values in the object store
 * @param storeCapacityBytes the store's capacity
 * @param storeObjects objects in the store
 * @param startedAt when the session started
 */
public record ClusterSummary(
    int numCpus,
    int busyCpus,
    int workers,
    Map<TaskState, Long> tasks,
    Map<String, Long> actors,
    long storeUsedBytes,
    long storeCapacityBytes,
    long storeObjects,
    Instant startedAt) {
  /**
   * Copies the maps, so that the record cannot change.
   *
   * @param numCpus how many tasks run at once ({@code RayConfig.numCpus})
   * @param busyCpus how many of them run a task now (a task waiting in get lends its slot)
   * @param workers worker and actor processes alive
   * @param tasks tasks by state; exact for the whole session, even past the finished tasks kept
   *     for listing
   * @param actors actors by state
   * @param storeUsedBytes bytes of values in the object store
   * @param storeCapacityBytes the store's capacity
   * @param storeObjects objects in the store
   * @param startedAt when the session started
   */
  public ClusterSummary {
    tasks = Map.copyOf(tasks);
    actors = Map.copyOf(actors);
  }
}
