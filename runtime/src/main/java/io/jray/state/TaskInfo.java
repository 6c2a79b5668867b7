package io.jray.state;

import java.time.Instant;

/**
 * A task, as Ray's {@code ray list tasks} shows it.
 *
 * @param taskId the task's id: also the id of its result, as its {@code ObjectRef} prints it
 * @param function the remote function, e.g. {@code Squares.sumSquares}
 * @param state where the task is now
 * @param workerPid the worker that runs or ran it (its latest attempt), 0 if none yet
 * @param attempts runs started so far, counting every retry (after a worker died, or after an
 *     exception the task retries on)
 * @param submitterPid the process that submitted it: the driver, or a worker for a nested task
 * @param submittedAt when it was submitted
 * @param startedAt when its latest attempt started, null before the first
 * @param endedAt when it finished or failed, null while not done
 * @param error for a failed task, {@code "ExceptionClass: message"}; null otherwise
 */
public record TaskInfo(
    String taskId,
    String function,
    TaskState state,
    long workerPid,
    int attempts,
    long submitterPid,
    Instant submittedAt,
    Instant startedAt,
    Instant endedAt,
    String error) {}
