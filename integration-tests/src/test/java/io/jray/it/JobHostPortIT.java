package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.internal.ObjectIds;
import io.jray.internal.RuntimeHolder;
import io.jray.internal.StoredValues;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.StoredObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a cluster's job host does for its driver, on a real runtime with real workers: it runs a
 * task the owner encoded elsewhere, copies in the objects the task needs that it lacks, keeps the
 * result until the owner releases it, and lets a peer read it.
 */
class JobHostPortIT {
  private static final String REVERSED = "io.jray.it.BuffersRemote#reversed(java.nio.ByteBuffer)";
  private final Serializer serializer = new Serializer();
  /** Ids as another runtime of the job (slot 6) makes them. */
  private final ObjectIds elsewhere = new ObjectIds(ObjectIds.runtimeTagOf(6));

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void aTaskFromTheOwnerRunsWithCopiedArgumentsAndItsResultLivesUntilReleased() throws Exception {
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false).build());
    DriverRuntime host = (DriverRuntime) RuntimeHolder.current();

    TaskSpec byValue = task(serializer.serialize(ByteBuffer.wrap(new byte[] {1, 2})), 0);
    host.runForOwner(byValue, id -> {
      throw new AssertionError("nothing to copy, asked for " + ObjectIds.hex(id));
    });
    assertEquals(ByteBuffer.wrap(new byte[] {'H', 2, 1}), settledValue(host, byValue.taskId()));

    long argument = elsewhere.next();
    List<Long> copied = new ArrayList<>();
    TaskSpec byRef = task(null, argument);
    host.runForOwner(byRef, id -> {
      copied.add(id);
      byte[] value = serializer.serialize(ByteBuffer.wrap(new byte[] {7, 8, 9}));
      host.storeCopy(id, StoredValues.VALUE, value.length,
          out -> out.write(ByteBuffer.wrap(value)));
    });
    assertEquals(List.of(argument), copied);
    assertEquals(ByteBuffer.wrap(new byte[] {'H', 9, 8, 7}), settledValue(host, byRef.taskId()));

    host.releasedByOwner(new long[] {byValue.taskId(), byRef.taskId()});
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stored(host, byRef.taskId()) || stored(host, argument)) {
      assertTrue(System.nanoTime() < deadline, "released objects are still in the store");
      Thread.sleep(10);
    }
    assertFalse(stored(host, byValue.taskId()));
  }

  private static boolean stored(DriverRuntime host, long id) {
    try (StoredObject stored = host.readForPeer(id)) {
      return stored != null;
    }
  }

  private TaskSpec task(byte[] value, long ref) {
    return new TaskSpec(elsewhere.next(), REVERSED, "io.jray.it.Buffers.reversed", 0, false,
        new byte[][] {value}, new long[] {ref}, new long[0]);
  }

  private Object settledValue(DriverRuntime host, long id) throws Exception {
    host.whenSettled(id).get(60, TimeUnit.SECONDS);
    try (StoredObject stored = host.readForPeer(id)) {
      assertEquals(StoredValues.VALUE, stored.flags());
      return serializer.deserialize(stored.data());
    }
  }
}
