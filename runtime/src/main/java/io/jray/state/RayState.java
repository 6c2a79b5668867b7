package io.jray.state;

import io.jray.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the session is doing, as Ray's state API ({@code ray list tasks / actors / objects},
 * {@code ray summary}, {@code ray logs}): the same data the dashboard shows. Get it with
 * {@code Ray.state()} in the driver.
 *
 * <p>Lists come in {@link Page pages}: pass an offset and a limit (at most {@link #MAX_LIMIT}).
 * Every call returns a snapshot: nothing it returns changes afterwards. Finished tasks are kept
 * for listing up to {@code RayConfig.maxFinishedTasks} (the oldest go first); their counts in
 * {@link #summary()} stay exact.
 */
public interface RayState {
  /** The largest page a list call returns. */
  int MAX_LIMIT = 10_000;

  /**
   * The session at a glance: CPUs, tasks by state, actors, the store.
   *
   * @return the summary
   */
  ClusterSummary summary();

  /**
   * Per resource of the node (CPU, GPU, memory, custom ones): capacity and use now.
   *
   * @return each resource of the node, with its capacity and use
   */
  List<ResourceUse> resources();

  /**
   * Tasks: running ones first (oldest start first), then pending (in submission order), then
   * finished and failed ones (latest first). {@code state} null lists every state.
   *
   * @param state the state to list, or null for every state
   * @param offset how many items to skip
   * @param limit the most items to return, from 1 to {@link #MAX_LIMIT}
   * @return a page of tasks
   */
  Page<TaskInfo> tasks(TaskState state, int offset, int limit);

  /**
   * As {@link #tasks(TaskState, int, int)}, every state.
   *
   * @param offset how many items to skip
   * @param limit the most items to return, from 1 to {@link #MAX_LIMIT}
   * @return a page of tasks
   */
  default Page<TaskInfo> tasks(int offset, int limit) {
    return tasks(null, offset, limit);
  }

  /**
   * The task whose result {@code ref} is, while it is listed; empty for a ref from a put.
   *
   * @param ref a ref that a task or actor call returned
   * @return the task, or empty
   */
  Optional<TaskInfo> task(ObjectRef<?> ref);

  /**
   * Actors, in the order they were created.
   *
   * @param offset how many items to skip
   * @param limit the most items to return, from 1 to {@link #MAX_LIMIT}
   * @return a page of actors
   */
  Page<ActorInfo> actors(int offset, int limit);

  /**
   * Objects in the store, in the store's order (no particular one).
   *
   * @param offset how many items to skip
   * @param limit the most items to return, from 1 to {@link #MAX_LIMIT}
   * @return a page of objects
   */
  Page<ObjectInfo> objects(int offset, int limit);

  /**
   * The driver, then live workers and actor processes, then recently exited ones.
   *
   * @return the session's processes
   */
  List<ProcessInfo> processes();

  /**
   * Lines printed by one process ({@code pid}), or by every worker ({@code pid} 0), oldest first.
   * With {@code afterSeq} -1: the last {@code limit} lines; else the first {@code limit} lines
   * whose {@link LogLine#seq} is greater, for following the output live.
   *
   * @param pid the process, or 0 for every worker
   * @param afterSeq -1 for the last lines, else the last {@link LogLine#seq} seen
   * @param limit the most items to return, from 1 to {@link #MAX_LIMIT}
   * @return the lines, oldest first
   */
  List<LogLine> logs(long pid, long afterSeq, int limit);

  /**
   * CPU and memory of every process, sampled each second, from {@code since} on (5 minutes kept).
   *
   * @param since the earliest sample to return
   * @return the samples, oldest first
   */
  List<ResourceSample> resourceHistory(Instant since);

  /**
   * The dashboard's address, e.g. {@code http://127.0.0.1:8265}, or {@code
   * http://host:8265/?token=...} if it is bound beyond loopback and asks for its token; empty if
   * it is turned off.
   *
   * @return the dashboard's address, or empty
   */
  Optional<String> dashboardUrl();
}
