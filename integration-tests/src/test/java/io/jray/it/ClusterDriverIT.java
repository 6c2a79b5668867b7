package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectRefImpl;
import io.jray.internal.RuntimeHolder;
import io.jray.internal.StoredValues;
import io.jray.internal.cluster.ClusterClient;
import io.jray.internal.cluster.ClusterDriver;
import io.jray.internal.cluster.ClusterToken;
import io.jray.internal.cluster.LocalNodes;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.StoredObject;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * The driver's side of a cluster on two nodes (127.0.0.1 and .2), each a process started through
 * the command line: the driver starts a job host on each, a task on one node takes the driver's
 * put, a task on the other takes the first one's result straight from the first node, the driver
 * copies the last result home, and a node killed outright is reported lost within seconds.
 */
class ClusterDriverIT {
  private static final String TOKEN = "cluster-driver-it";
  private static final String REVERSED = "io.jray.it.BuffersRemote#reversed(java.nio.ByteBuffer)";

  @TempDir
  Path temp;

  private ClusterNodes nodes;

  @BeforeEach
  void folder() {
    nodes = new ClusterNodes(temp);
  }

  private final Serializer serializer = new Serializer();
  /** Task ids of the driver's slot, apart from the ones its runtime makes. */
  private final ObjectIds taskIds = new ObjectIds(0x7000);
  private final Map<Long, CompletableFuture<String>> settled = new ConcurrentHashMap<>();
  private final CompletableFuture<String> lost = new CompletableFuture<>();

  @AfterEach
  void stop() throws Exception {
    Ray.shutdown();
    nodes.stopAll();
  }

  @Test
  void tasksRunOnTwoNodesAndPassAResultBetweenThemAndAKilledNodeIsReportedLost()
      throws Exception {
    int port = ClusterNodes.freePort();
    String head = "127.0.0.1:" + port;
    assertEquals(0, nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN).exitCode());
    assertEquals(0, nodes.jray("start", "--address", head, "--node-ip", "127.0.0.2", "--port",
        String.valueOf(port), "--num-cpus", "1", "--token", TOKEN).exitCode());

    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false).build());
    DriverRuntime runtime = (DriverRuntime) RuntimeHolder.current();
    ClusterDriver.Listener listener = new ClusterDriver.Listener() {
      @Override
      public void settled(int slot, long id, String errorClass, String error) {
        settled.computeIfAbsent(id, key -> new CompletableFuture<>())
            .complete(errorClass == null ? "slot " + slot : error);
      }

      @Override
      public void slotLost(int slot, String why) {
        lost.complete("slot " + slot + ": " + why);
      }

      @Override
      public void detachedCreated(long actorId, int slot, long remoteId) {}

      @Override
      public void detachedFailed(long actorId, String why) {}

      @Override
      public void forwarded(int fromSlot, long actorId, TaskSpec call) {}
    };
    try (ClusterDriver driver = ClusterDriver.connect(ClusterToken.resolve(TOKEN), head, "default", runtime,
        listener)) {
      List<ClusterClient.NodeView> views = driver.nodes();
      assertEquals(2, views.size());
      ClusterDriver.JobSlot first = driver.jobOn(views.get(0).record());
      ClusterDriver.JobSlot second = driver.jobOn(views.get(1).record());
      assertEquals(List.of(1, 2), List.of(first.slot(), second.slot()));

      ObjectRef<ByteBuffer> put = Ray.put(ByteBuffer.wrap(new byte[] {5, 6, 7}));
      TaskSpec one = task(ObjectRefImpl.idOf(put));
      driver.execute(first, one, new long[0], new int[0]);
      assertEquals("slot 1", settled(one.taskId()));

      TaskSpec two = task(one.taskId()); // its argument is where the first task ran: slot 1
      driver.execute(second, two, new long[] {one.taskId()}, new int[] {first.slot()});
      assertEquals("slot 2", settled(two.taskId()));

      driver.pull(two.taskId(), second.slot());
      try (StoredObject home = runtime.readForPeer(two.taskId())) {
        assertEquals(StoredValues.VALUE, home.flags());
        assertEquals(ByteBuffer.wrap(new byte[] {'H', 5, 6, 7, 'H'}),
            serializer.deserialize(home.data()));
      }
      driver.release(first.slot(), new long[] {one.taskId()});

      LocalNodes.Entry secondNode = nodes.local().running().stream()
          .filter(n -> n.address().startsWith("127.0.0.2:")).findFirst().orElseThrow();
      long killedAt = System.nanoTime();
      secondNode.process().orElseThrow().destroyForcibly();
      String why = lost.get(30, TimeUnit.SECONDS);
      System.out.println("Lost " + why + " after "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms");
      assertTrue(why.startsWith("slot 2"), why);
    }
  }

  private TaskSpec task(long ref) {
    return new TaskSpec(taskIds.next(), REVERSED, "io.jray.it.Buffers.reversed", 0, false,
        new byte[][] {null}, new long[] {ref}, new long[0]);
  }

  private String settled(long id) throws Exception {
    return settled.computeIfAbsent(id, key -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);
  }



}
