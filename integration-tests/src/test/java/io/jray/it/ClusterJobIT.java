package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.ObjectIds;
import io.jray.internal.StoredValues;
import io.jray.internal.cluster.Addresses;
import io.jray.internal.cluster.ClassPathManifest;
import io.jray.internal.cluster.ClusterClient;
import io.jray.internal.cluster.ClusterToken;
import io.jray.internal.cluster.JobMessages;
import io.jray.internal.driver.ShippedClassPath;
import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataClient;
import io.jray.internal.net.MessageHandler;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.Peer;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node runs a driver's job in a job host of its own: started on the driver's jars, fetched from
 * the driver over the data plane; it runs the driver's tasks, copies in the driver's objects it
 * needs, tells the driver when results settle and serves them; when the driver goes, the job host
 * and its workers go too. The test plays the driver with the data plane directly (the driver's
 * own cluster mode is next).
 */
class ClusterJobIT {
  private static final String TOKEN = "cluster-job-it";
  private static final String REVERSED = "io.jray.it.BuffersRemote#reversed(java.nio.ByteBuffer)";
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path temp;

  private ClusterNodes nodes;

  @BeforeEach
  void folder() {
    nodes = new ClusterNodes(temp);
  }

  private final Serializer serializer = new Serializer();
  private final ObjectIds driverIds = new ObjectIds(ObjectIds.runtimeTagOf(0));
  private final Map<Long, byte[]> driverObjects = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<JobMessages.Settled>> settled =
      new ConcurrentHashMap<>();

  @AfterEach
  void stopNodes() throws Exception {
    nodes.stopAll();
  }

  @Test
  void aNodeRunsADriversTasksInAJobHostThatEndsWithTheDriver() throws Exception {
    int port = ClusterNodes.freePort();
    String head = "127.0.0.1:" + port;
    JvmProcess.Result started = nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN);
    assertEquals(0, started.exitCode(), started.output());
    String nodeData;
    try (ClusterClient cluster = ClusterClient.connect(ClusterToken.resolve(TOKEN), head, "test",
        true)) {
      nodeData = cluster.nodes().get(0).record().dataAddress();
    }

    ClassPathManifest.Bundle classPath = ClassPathManifest.of(ShippedClassPath.ofThisProcess());
    NetOptions driverSide = NetOptions.builder(TOKEN).name("test driver")
        .on(JobMessages.SETTLED, MessageHandler.sync((from, payload) -> {
          JobMessages.Settled message = JobMessages.Settled.decode(payload);
          settled.computeIfAbsent(message.id(), id -> new CompletableFuture<>()).complete(message);
          return null;
        }))
        .blobs((kind, id) -> {
          if (kind == BlobSource.JAR) {
            Path jar = classPath.files().get(id);
            return jar == null ? null : BlobSource.ofFile(jar);
          }
          byte[] object = driverObjects.get(Long.parseUnsignedLong(id, 16));
          return object == null ? null : BlobSource.ofBytes(object);
        })
        .build();
    long jobHostPid;
    List<ProcessHandle> jobHostAndWorkers = new ArrayList<>();
    try (DataClient driver = new DataClient(driverSide)) {
      Peer node = driver.connect(Addresses.parse(nodeData),
          Duration.ofSeconds(10));
      JobMessages.JobStarted jobHost = JobMessages.JobStarted.decode(node.request(
          JobMessages.START_JOB, new JobMessages.StartJob("it-job", 1, "", classPath.manifest(),
              List.of(), false).encode(), PATIENCE).get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
      jobHostPid = jobHost.pid();
      Peer host = driver.connect(Addresses.parse(jobHost.address()),
          Duration.ofSeconds(10));

      TaskSpec byValue = task(serializer.serialize(ByteBuffer.wrap(new byte[] {1, 2})), 0);
      host.send(JobMessages.EXECUTE, new JobMessages.Execute(byValue, new long[0], new int[0])
          .encode());
      assertEquals(ByteBuffer.wrap(new byte[] {'H', 2, 1}), result(host, byValue.taskId()));

      long put = driverIds.next(); // a driver's put: the job host copies it from the driver
      byte[] value = serializer.serialize(ByteBuffer.wrap(new byte[] {5, 6, 7}));
      driverObjects.put(put, concat(StoredValues.VALUE, value));
      TaskSpec byRef = task(null, put);
      host.send(JobMessages.EXECUTE, new JobMessages.Execute(byRef, new long[0], new int[0])
          .encode());
      assertEquals(ByteBuffer.wrap(new byte[] {'H', 7, 6, 5}), result(host, byRef.taskId()));

      long missing = driverIds.next(); // nobody has it: the task fails, and says why
      TaskSpec lost = task(null, missing);
      host.send(JobMessages.EXECUTE, new JobMessages.Execute(lost, new long[0], new int[0])
          .encode());
      JobMessages.Settled failed = settled(lost.taskId());
      assertTrue(failed.error().contains(ObjectIds.hex(missing)), failed.error());

      ProcessHandle process = ProcessHandle.of(jobHostPid).orElseThrow();
      jobHostAndWorkers.add(process);
      process.descendants().forEach(jobHostAndWorkers::add);
      assertTrue(jobHostAndWorkers.size() >= 2, "the job host runs its own worker");
      host.send(JobMessages.RELEASE, new JobMessages.Release(
          new long[] {byValue.taskId(), byRef.taskId()}).encode());
    } // the driver goes: its connections close
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (ProcessHandle process : jobHostAndWorkers) {
      while (process.isAlive()) {
        assertTrue(System.nanoTime() < deadline, "pid " + process.pid()
            + " of the job host outlived its driver");
        Thread.sleep(50);
      }
    }
  }

  private TaskSpec task(byte[] value, long ref) {
    return new TaskSpec(driverIds.next(), REVERSED, "io.jray.it.Buffers.reversed", 0, false,
        new byte[][] {value}, new long[] {ref}, new long[0]);
  }

  private JobMessages.Settled settled(long id) throws Exception {
    return settled.computeIfAbsent(id, key -> new CompletableFuture<>())
        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  /** Waits for the result to settle in the job host, then fetches it, as a driver's get will. */
  private Object result(Peer host, long id) throws Exception {
    JobMessages.Settled message = settled(id);
    assertNull(message.errorClass(), message.error());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    host.fetch(BlobSource.OBJECT, ObjectIds.hex(id), chunk -> {
      byte[] part = new byte[chunk.remaining()];
      chunk.get(part);
      bytes.write(part);
    }, PATIENCE).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    byte[] blob = bytes.toByteArray();
    assertEquals(StoredValues.VALUE, blob[0]);
    return serializer.deserialize(ByteBuffer.wrap(blob, 1, blob.length - 1));
  }

  private static byte[] concat(byte flags, byte[] value) {
    byte[] blob = new byte[value.length + 1];
    blob[0] = flags;
    System.arraycopy(value, 0, blob, 1, value.length);
    return blob;
  }



}
