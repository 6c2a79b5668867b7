package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.Tuning;
import io.jray.WaitResult;
import io.jray.internal.BaseRuntime;
import io.jray.internal.RuntimeHolder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Knobs set in the driver's RayConfig are the ones its worker and actor processes run with. */
class TuningIT {
  /** Every worker knob away from its default, so a worker that kept a default would show. */
  private static final Tuning TUNING = Tuning.builder()
      .lateFrameDelay(Duration.ofNanos(250_000))
      .repliesPerWrite(3)
      .storeLockTimeout(Duration.ofSeconds(7))
      .spinBeforePark(Duration.ZERO)
      .pipelineDepth(0)
      .build();
  private static final List<Long> WORKER_SHARE =
      List.of(250_000L, 3L, Duration.ofSeconds(7).toNanos(), 0L);

  @BeforeAll
  static void start() {
    // A worker option that sets an old property must not win over the driver's value.
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false)
        .addWorkerJvmOption("-Djray.repliesPerWrite=99").tuning(TUNING).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void theDriverRunsWithItsConfigsTuning() {
    assertEquals(TUNING, ((BaseRuntime) RuntimeHolder.current()).tuning());
  }

  @Test
  void aTaskSeesTheDriversTuningInItsWorker() {
    List<Long> seen = Ray.get(TuningsRemote.inTask());
    assertNotEquals(ProcessHandle.current().pid(), seen.get(4));
    assertEquals(WORKER_SHARE, seen.subList(0, 4));
  }

  @Test
  void anActorSeesTheDriversTuningInItsHost() {
    Tunings_ProbeRemote probe = Tunings_ProbeRemote.create();
    List<Long> seen = Ray.get(probe.inActor());
    assertNotEquals(ProcessHandle.current().pid(), seen.get(4));
    assertEquals(WORKER_SHARE, seen.subList(0, 4));
    Ray.kill(probe);
  }

  @Test
  void withPipelineDepthZeroEveryTaskStillRuns() {
    List<ObjectRef<Long>> refs = List.of(TasksRemote.pid(), TasksRemote.pid(), TasksRemote.pid());
    WaitResult<Long> done = Ray.wait(refs, refs.size(), Duration.ofSeconds(30));
    assertEquals(refs.size(), done.ready().size(), "tasks left waiting: " + done.unready());
  }
}
