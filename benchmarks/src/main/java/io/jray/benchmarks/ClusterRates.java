package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.cli.Jray;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster's costs as a user sees them, for issue 14's figures: a task's round trip on a cluster
 * of 1 to 3 nodes (127.0.0.1 to .3, one CPU each, each a {@code jray start --block} process) beside
 * the same on this machine alone, first calls and warm, and the seed workload (the sum of squares,
 * one ~1 s call per node) as speed-up over one thread. On two nodes, also a 100 MB object moved
 * from one node to the other beside a raw loopback TCP stream of the same bytes. Run:
 * {@code java <jray flags> -cp benchmarks.jar io.jray.benchmarks.ClusterRates [maxNodes]}; needs
 * a quiet machine.
 */
public final class ClusterRates {
  private static final String TOKEN = "cluster-rates";
  private static final int FIRST = 100;
  private static final int WARM = 1_000;

  private ClusterRates() {}

  public static void main(String[] args) throws Exception {
    int maxNodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path temp = Files.createTempDirectory("jray-rates");
    int n = SeedRange.forSeconds(1.0);
    System.out.println("| where | first " + FIRST + " sync tasks (median µs) | warm sync task"
        + " (median µs) | seed, one ~1 s call per node: speed-up over one thread |");
    System.out.println("|---|---:|---:|---:|");
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false).build());
    try {
      System.out.println(row("this machine alone (1 CPU)", 1, n));
    } finally {
      Ray.shutdown();
    }
    List<String> transfers = new ArrayList<>();
    for (int nodes = 1; nodes <= maxNodes; nodes++) {
      List<Process> started = new ArrayList<>();
      int port = freePort();
      try {
        for (int i = 1; i <= nodes; i++) {
          started.add(startNode(temp, port, "127.0.0." + i, i == 1 ? null : "127.0.0.1:" + port));
          awaitListening("127.0.0." + i, port, started.get(i - 1));
        }
        Ray.init(RayConfig.builder().address("127.0.0.1:" + port).clusterToken(TOKEN)
            .includeDashboard(false).build());
        try {
          System.out.println(row(nodes + " node(s), 1 CPU each", nodes, n));
          if (nodes == 2) {
            transfers.add(transfer());
          }
        } finally {
          Ray.shutdown();
        }
      } finally {
        for (Process node : started) {
          node.destroy();
          if (!node.waitFor(15, TimeUnit.SECONDS)) {
            node.destroyForcibly();
          }
        }
      }
    }
    if (!transfers.isEmpty()) {
      System.out.println();
      System.out.println("| transfer | jray | floor |");
      System.out.println("|---|---:|---:|");
      transfers.forEach(System.out::println);
    }
  }

  private static final int TRANSFER_BYTES = 100 << 20;
  private static final int TRANSFERS = 5;

  /**
   * A 100 MB object made on one node, read by a task on the other (median of 5, less the same
   * task on the object's own node), beside the same bytes through a loopback TCP socket.
   */
  private static String transfer() throws Exception {
    List<io.jray.NodeInfo> both = Ray.getRuntimeContext().getAllNodeInfo();
    String maker = both.get(0).nodeId();
    String reader = both.get(1).nodeId();
    ObjectRef<byte[]> object = io.jray.TaskOptions.builder().nodeAffinity(maker).build()
        .run(() -> NoopsRemote.bytes(TRANSFER_BYTES));
    Ray.get(io.jray.TaskOptions.builder().nodeAffinity(maker).build()
        .run(() -> NoopsRemote.length(object))); // made, and settled there
    double[] local = new double[TRANSFERS];
    double[] remote = new double[TRANSFERS];
    for (int i = 0; i < TRANSFERS; i++) {
      local[i] = timeLength(object, maker);
      remote[i] = timeLength(object, reader);
    }
    double moved = median(remote) - median(local);
    double raw = rawTcpSeconds(TRANSFER_BYTES);
    return String.format("| 100 MB object, node 127.0.0.1 to 127.0.0.2 | %.2f GB/s (%.0f ms;"
        + " the task on its own node: %.0f ms) | raw loopback TCP, same run: %.2f GB/s |",
        TRANSFER_BYTES / moved / 1e9, moved * 1e3, median(local) * 1e3,
        TRANSFER_BYTES / raw / 1e9);
  }

  private static double timeLength(ObjectRef<byte[]> object, String node) {
    long start = System.nanoTime();
    Ray.get(io.jray.TaskOptions.builder().nodeAffinity(node).build()
        .run(() -> NoopsRemote.length(object)));
    return (System.nanoTime() - start) / 1e9;
  }

  /** Seconds to stream {@code size} bytes through a loopback socket (best of 3), in 1 MiB writes. */
  private static double rawTcpSeconds(int size) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        Thread writer = new Thread(() -> {
          try (var socket = new java.net.Socket("127.0.0.1", server.getLocalPort())) {
            byte[] chunk = new byte[1 << 20];
            var out = socket.getOutputStream();
            for (int sent = 0; sent < size; sent += chunk.length) {
              out.write(chunk, 0, Math.min(chunk.length, size - sent));
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        long start = System.nanoTime();
        writer.start();
        try (var socket = server.accept()) {
          byte[] buffer = new byte[1 << 20];
          var in = socket.getInputStream();
          long read = 0;
          for (int got; (got = in.read(buffer)) > 0; ) {
            read += got;
          }
          if (read != size) {
            throw new IllegalStateException("read " + read + " of " + size + " bytes");
          }
        }
        writer.join();
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
      }
      return best;
    }
  }

  private static String row(String where, int parallel, int n) {
    double[] first = roundTrips(FIRST);
    double[] warm = roundTrips(WARM);
    long start = System.nanoTime();
    for (int i = 0; i < parallel; i++) {
      Noops.sumSquares(1, n);
    }
    double local = (System.nanoTime() - start) / 1e9;
    for (int round = 0; round < 3; round++) { // the workers' JIT gets the head start ours had
      List<ObjectRef<Double>> warmUp = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        warmUp.add(NoopsRemote.sumSquares(1, n / 10));
      }
      Ray.get(warmUp);
    }
    List<ObjectRef<Double>> refs = new ArrayList<>();
    start = System.nanoTime();
    for (int i = 0; i < parallel; i++) {
      refs.add(NoopsRemote.sumSquares(1, n));
    }
    Ray.get(refs);
    double remote = (System.nanoTime() - start) / 1e9;
    return String.format("| %s | %.0f | %.0f | %.2f× (%.2f s vs %.2f s) |", where,
        median(first), median(warm), local / remote, remote, local);
  }

  private static double[] roundTrips(int count) {
    double[] micros = new double[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Ray.get(NoopsRemote.noop());
      micros[i] = (System.nanoTime() - start) / 1e3;
    }
    return micros;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static Process startNode(Path temp, int port, String ip, String head)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("start", "--block", "--node-ip", ip, "--port",
        String.valueOf(port), "--token", TOKEN, "--num-cpus", "1"));
    if (head == null) {
      args.add("--head");
    } else {
      args.addAll(List.of("--address", head));
    }
    return ChildJvm.command(Jray.class, List.of("-Djava.io.tmpdir=" + temp),
            args.toArray(String[]::new))
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("node-" + ip + ".log").toFile())
        .start();
  }

  /** Waits until the node's data plane (its last port to open) listens. */
  private static void awaitListening(String ip, int port, Process node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!node.isAlive()) {
        throw new IllegalStateException("node " + ip + " exited with " + node.exitValue());
      }
      try (var socket = new java.net.Socket(ip, port + 1)) {
        Thread.sleep(500); // its record follows the data plane by a moment
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("node " + ip + " did not come up within 90 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The range whose sum of squares takes about that long here. */
  private static final class SeedRange {
    static int forSeconds(double seconds) {
      int probe = 20_000_000;
      double fastest = Double.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Noops.sumSquares(1, probe);
        fastest = Math.min(fastest, (System.nanoTime() - start) / 1e9);
      }
      return (int) Math.min(Integer.MAX_VALUE - 1L, (long) (probe * seconds / fastest));
    }
  }
}
