package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskCancelledException;
import io.jray.TaskOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recursive cancel on a cluster: the driver fails the ref, and the node's job host cancels the
 * task and the child it submitted there, so the node's CPUs are free for the next task.
 */
class ClusterCancelIT {
  private static final String TOKEN = "cluster-cancel-it";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir
  Path temp;

  private ClusterNodes nodes;

  @AfterEach
  void stop() throws Exception {
    Ray.shutdown();
    if (nodes != null) {
      nodes.stopAll();
    }
  }

  @Test
  void aRecursiveCancelReachesTheNodeAndFreesTheChildsCpu() throws Exception {
    nodes = new ClusterNodes(temp);
    int port = ClusterNodes.freePort();
    String head = "127.0.0.1:" + port;
    JvmProcess.Result started = nodes.jray("start", "--head", "--node-ip", "127.0.0.1", "--port",
        String.valueOf(port), "--num-cpus", "2", "--token", TOKEN);
    assertEquals(0, started.exitCode(), started.output());
    Ray.init(RayConfig.builder().address(head).clusterToken(TOKEN).build());

    Path childMarks = temp.resolve("child");
    ObjectRef<Long> parent = CancelsRemote.parentOfSleeper(childMarks.toString(), 300_000);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!(Files.exists(childMarks) && Files.readString(childMarks).endsWith("\n"))) {
      assertTrue(System.nanoTime() < deadline, "the child never started");
      Thread.sleep(20);
    }
    Ray.cancel(parent, false, true);
    assertThrows(TaskCancelledException.class, () -> Ray.get(parent, Duration.ofSeconds(10)));

    // It needs both of the node's CPUs: it starts only once the child let go of one.
    long asked = System.currentTimeMillis();
    long startedAt = Ray.get(TaskOptions.builder().numCpus(2).build()
        .run(CancelsRemote::startedAt), PATIENCE);
    assertTrue(startedAt - asked < 20_000, "it started " + (startedAt - asked) + " ms later");
    assertEquals(1, Files.readAllLines(childMarks).size(), "the cancelled child ran again");
  }
}
