package io.jray.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jray.internal.ObjectIds;
import io.jray.internal.protocol.TaskSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMessagesTest {
  @Test
  void eachMessageComesBackAsItWasSent() {
    ClassPathManifest manifest = new ClassPathManifest(List.of(
        new ClassPathManifest.Entry("ab".repeat(32), "app.jar", 1234)));
    JobMessages.StartJob start = new JobMessages.StartJob("job-1", 3, "127.0.0.1:7000", manifest,
        List.of("-Xmx1g"), true);
    assertEquals(start, JobMessages.StartJob.decode(start.encode()));

    JobMessages.JobStarted started = new JobMessages.JobStarted("127.0.0.2:7001", 42);
    assertEquals(started, JobMessages.JobStarted.decode(started.encode()));

    long driverResult = new ObjectIds(ObjectIds.runtimeTagOf(0)).next();
    long nested = new ObjectIds(ObjectIds.runtimeTagOf(4) + 1).next();
    TaskSpec spec = new TaskSpec(7L, "a.BRemote#f(int,int)", "a.B.f", 2, true,
        new byte[][] {{1, 2}, null}, new long[] {0, driverResult}, new long[] {nested});
    JobMessages.Execute execute = new JobMessages.Execute(spec, new long[] {driverResult},
        new int[] {2});
    JobMessages.Execute back = JobMessages.Execute.decode(execute.encode());
    assertEquals(spec.taskId(), back.spec().taskId());
    assertArrayEquals(spec.argRefs(), back.spec().argRefs());
    assertArrayEquals(spec.argValues()[0], back.spec().argValues()[0]);
    assertEquals(2, back.slotOf(driverResult), "a driver's task's result is where it ran");
    assertEquals(4, back.slotOf(nested), "other ids are where their slot is");

    JobMessages.CreateActor create = JobMessages.CreateActor.decode(new JobMessages.CreateActor(
        "a.Counter", -1, 3, 4, 2, true, execute, Map.of(0, "127.0.0.1:7000")).encode());
    assertEquals(List.of("a.Counter", -1, 3, 4, 2, true, 7L), List.of(create.className(),
        create.maxRestarts(), create.maxTaskRetries(), create.maxConcurrency(),
        create.groupThreads(), create.isolated(), create.actorId()));
    assertEquals(2, create.creation().slotOf(driverResult));
    JobMessages.ActorCall call = JobMessages.ActorCall.decode(new JobMessages.ActorCall(11L,
        execute, Map.of()).encode());
    assertEquals(11L, call.actorId());
    assertEquals(Map.of(0, "127.0.0.1:7000"), create.addresses());
    JobMessages.SettledAs settledAs = new JobMessages.SettledAs(5, 77, null, null);
    assertEquals(settledAs, JobMessages.SettledAs.decode(settledAs.encode()));
    assertEquals(spec.taskId(), call.call().spec().taskId());

    JobMessages.Settled failed = new JobMessages.Settled(9, "io.jray.ObjectLostException", "gone");
    assertEquals(failed, JobMessages.Settled.decode(failed.encode()));
    JobMessages.Settled stored = JobMessages.Settled.decode(new JobMessages.Settled(9, null, null)
        .encode());
    assertNull(stored.errorClass());

    long[] ids = {1, 2, 3};
    assertArrayEquals(ids, JobMessages.Release.decode(new JobMessages.Release(ids).encode()).ids());

    JobMessages.Peers peers = new JobMessages.Peers(Map.of(0, "127.0.0.1:7000", 3,
        "127.0.0.3:7100"));
    assertEquals(peers, JobMessages.Peers.decode(peers.encode()));
  }

  @Test
  void aMalformedMessageIsRefusedRatherThanBelieved() {
    byte[] release = new JobMessages.Release(new long[] {1, 2}).encode();
    assertThrows(IllegalArgumentException.class,
        () -> JobMessages.Release.decode(Arrays.copyOf(release, release.length - 1)));
    assertThrows(IllegalArgumentException.class,
        () -> JobMessages.Release.decode(Arrays.copyOf(release, release.length + 1)));
    byte[] huge = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThrows(IllegalArgumentException.class, () -> JobMessages.Release.decode(huge));
  }
}
