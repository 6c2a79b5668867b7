package io.jray.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.ObjectIds;
import io.jray.state.ActorInfo;
import io.jray.state.LogLine;
import io.jray.state.Page;
import io.jray.state.ProcessInfo;
import io.jray.state.ProcessInfo.State;
import io.jray.state.TaskInfo;
import io.jray.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateRecorderTest {
  private static final long DRIVER = 100;
  private static final long WORKER = 201;
  private static final long OTHER = 202;

  private final TestClock clock = new TestClock();
  private final StateRecorder recorder = new StateRecorder(5, DRIVER, 3, clock);
  private final SessionState state = new SessionState(recorder,
      new ProcessMetrics(java.nio.file.Path.of("/nonexistent")), new FakeStore(), 2, () -> null,
      () -> java.util.List.of(new io.jray.state.ResourceUse("CPU", 2, 1)));

  private static long id(int tag, long n) {
    return ((long) tag << 40) | n;
  }

  private void startWorkers() {
    recorder.workerStarted(WORKER);
    recorder.workerTagged(WORKER, 2);
    recorder.workerStarted(OTHER);
    recorder.workerTagged(OTHER, 3);
    recorder.workerReady(WORKER);
    recorder.workerReady(OTHER);
  }

  @Test
  void aTaskGoesFromPendingToRunningToFinished() {
    startWorkers();
    long task = id(1, 1);
    recorder.taskSubmitted(task, "Squares.sumSquares", DRIVER);
    TaskInfo pending = state.tasks(0, 10).items().get(0);
    assertEquals(TaskState.PENDING, pending.state());
    assertEquals(ObjectIds.hex(task), pending.taskId());
    assertEquals(DRIVER, pending.submitterPid());
    assertNull(pending.startedAt());

    clock.advance(Duration.ofMillis(5));
    recorder.taskStarted(task, WORKER, 1);
    TaskInfo running = state.tasks(TaskState.RUNNING, 0, 10).items().get(0);
    assertEquals(WORKER, running.workerPid());
    assertEquals(1, running.attempts());
    assertEquals(State.BUSY, process(WORKER).state());
    assertEquals("Squares.sumSquares", process(WORKER).function());
    assertEquals(1, state.summary().busyCpus());

    clock.advance(Duration.ofMillis(20));
    recorder.taskFinished(task, null);
    TaskInfo done = state.tasks(0, 10).items().get(0);
    assertEquals(TaskState.FINISHED, done.state());
    assertEquals(Duration.ofMillis(20), Duration.between(done.startedAt(), done.endedAt()));
    assertEquals(State.IDLE, process(WORKER).state());
    assertEquals(1, process(WORKER).tasksFinished());
    assertEquals(Map.of(TaskState.PENDING, 0L, TaskState.RUNNING, 0L, TaskState.FINISHED, 1L,
        TaskState.FAILED, 0L), state.summary().tasks());
  }

  @Test
  void runningComeFirstThenPendingThenTheLatestFinished() {
    startWorkers();
    for (int i = 1; i <= 5; i++) {
      recorder.taskSubmitted(id(1, i), "f" + i, DRIVER);
    }
    recorder.taskStarted(id(1, 1), WORKER, 1);
    recorder.taskFinished(id(1, 1), null);
    recorder.taskStarted(id(1, 2), WORKER, 1);
    recorder.taskFinished(id(1, 2), "java.lang.IllegalStateException: no");
    recorder.taskStarted(id(1, 3), OTHER, 1);

    List<String> order = state.tasks(0, 10).items().stream().map(TaskInfo::function).toList();
    assertEquals(List.of("f3", "f4", "f5", "f2", "f1"), order);
    Page<TaskInfo> page = state.tasks(1, 2);
    assertEquals(List.of("f4", "f5"), page.items().stream().map(TaskInfo::function).toList());
    assertEquals(5, page.total());
    assertTrue(page.hasMore());
    TaskInfo failed = state.tasks(TaskState.FAILED, 0, 10).items().get(0);
    assertEquals("java.lang.IllegalStateException: no", failed.error());
    assertEquals(1, state.tasks(TaskState.FINISHED, 0, 10).total());
  }

  @Test
  void finishedTasksAreBoundedButCountedExactly() {
    startWorkers();
    for (int i = 1; i <= 12; i++) {
      recorder.taskSubmitted(id(1, i), "f" + i, DRIVER);
      recorder.taskStarted(id(1, i), WORKER, 1);
      recorder.taskFinished(id(1, i), i % 4 == 0 ? "E: " + i : null);
    }
    Page<TaskInfo> page = state.tasks(0, 100);
    assertEquals(5, page.total());
    assertEquals(List.of("f12", "f11", "f10", "f9", "f8"),
        page.items().stream().map(TaskInfo::function).toList());
    assertEquals(9L, state.summary().tasks().get(TaskState.FINISHED));
    assertEquals(3L, state.summary().tasks().get(TaskState.FAILED));
    assertEquals(2, state.tasks(TaskState.FAILED, 0, 100).total()); // f12, f8 still listed
    assertTrue(recorder.task(id(1, 1)) == null, "the oldest task is no longer listed");
    assertEquals(12, process(WORKER).tasksFinished());
  }

  @Test
  void aTaskWhoseWorkerDiedWaitsAgainUntilItsRetry() {
    startWorkers();
    long task = id(1, 1);
    recorder.taskSubmitted(task, "f", DRIVER);
    recorder.taskStarted(task, WORKER, 1);
    recorder.workerExited(WORKER, 137);
    assertEquals(TaskState.PENDING, state.tasks(0, 10).items().get(0).state());
    assertEquals(State.EXITED, process(WORKER).state());
    assertEquals(137, process(WORKER).exitCode());

    recorder.taskStarted(task, OTHER, 2);
    TaskInfo retried = state.tasks(0, 10).items().get(0);
    assertEquals(TaskState.RUNNING, retried.state());
    assertEquals(OTHER, retried.workerPid());
    assertEquals(2, retried.attempts());
  }

  @Test
  void blockedWorkersLendTheirCpu() {
    startWorkers();
    recorder.taskSubmitted(id(1, 1), "outer", DRIVER);
    recorder.taskStarted(id(1, 1), WORKER, 1);
    recorder.workerBlocked(WORKER, true);
    assertEquals(State.BLOCKED, process(WORKER).state());
    assertEquals(0, state.summary().busyCpus());
    recorder.workerBlocked(WORKER, false);
    assertEquals(State.BUSY, process(WORKER).state());
  }

  @Test
  void logsAreKeptPerProcessBoundedAndFollowable() {
    startWorkers();
    for (int i = 1; i <= 4; i++) {
      recorder.workerOutput(WORKER, false, "line " + i);
    }
    recorder.workerOutput(OTHER, true, "oops");
    List<LogLine> lines = state.logs(WORKER, -1, 100);
    assertEquals(List.of("line 2", "line 3", "line 4"), lines.stream().map(LogLine::text).toList());
    long seq = lines.get(1).seq();
    assertEquals(List.of("line 4"), state.logs(WORKER, seq, 100).stream().map(LogLine::text).toList());
    List<LogLine> all = state.logs(0, -1, 100);
    assertEquals("oops", all.get(all.size() - 1).text());
    assertTrue(all.get(all.size() - 1).stderr());
    assertEquals(List.of("line 4"), state.logs(0, -1, 2).subList(0, 1).stream().map(LogLine::text).toList());

    recorder.workerExited(WORKER, 0);
    assertEquals(3, state.logs(WORKER, -1, 100).size(), "an exited worker's logs stay readable");
  }

  @Test
  void actorsAreListedWithTheirProcess() {
    startWorkers();
    long actor = id(1, 77);
    recorder.actorCreated(actor, "com.example.GoalsScored", "goals");
    assertEquals("PENDING_CREATION", state.actors(0, 10).items().get(0).state());
    recorder.actorState(actor, "ALIVE", OTHER);
    recorder.actorCallSubmitted(actor);
    recorder.actorCallSubmitted(actor);
    ActorInfo info = state.actors(0, 10).items().get(0);
    assertEquals(new ActorInfo(ObjectIds.hex(actor), "com.example.GoalsScored", "goals", "ALIVE",
        OTHER, 2, info.createdAt(), 1, 0, 0, false), info);
    assertEquals("GoalsScored", info.simpleClassName());
    assertEquals(ProcessInfo.Role.ACTOR, process(OTHER).role());
    assertEquals(ObjectIds.hex(actor), process(OTHER).actorId());
    assertEquals(Map.of("ALIVE", 1L), state.summary().actors());
  }

  @Test
  void objectsNameTheProcessThatWroteThem() {
    startWorkers();
    long result = id(1, 9);
    recorder.taskSubmitted(result, "Tasks.add", DRIVER);
    recorder.taskStarted(result, OTHER, 1);
    recorder.taskFinished(result, null);
    assertEquals(OTHER, recorder.creatorOf(result), "a result is written by its worker");
    assertEquals("Tasks.add", recorder.functionOf(result));
    assertEquals(DRIVER, recorder.creatorOf(id(1, 10)), "a put in the driver");
    assertEquals(WORKER, recorder.creatorOf(id(2, 1)), "a put in a task");
    assertEquals(0, recorder.creatorOf(id(99, 1)));
  }

  @Test
  void theDriverIsListedFirst() {
    startWorkers();
    List<ProcessInfo> processes = state.processes();
    assertEquals(DRIVER, processes.get(0).pid());
    assertEquals(ProcessInfo.Role.DRIVER, processes.get(0).role());
    assertEquals(2, state.summary().workers());
    assertNotNull(state.summary().startedAt());
  }

  private ProcessInfo process(long pid) {
    return state.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
  }
}
