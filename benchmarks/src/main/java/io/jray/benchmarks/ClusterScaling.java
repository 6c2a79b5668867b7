package io.jray.benchmarks;

import io.jray.cli.Jray;
import io.jray.internal.cluster.ClusterClient;
import io.jray.internal.cluster.ClusterToken;
import java.io.File;
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
 * What a cluster's membership costs as it grows, for docs/SCALING.md: 1 to 4 nodes on this
 * machine (127.0.0.1 to .4), each a {@code jray start --block} process. For each size: the time
 * from launching the nodes to a client seeing all of them alive, each node's resident memory and
 * CPU while idle, a client's connect time and its read of the table of nodes, and the time until a
 * SIGKILLed node is seen dead. Run: {@code java <jray flags> -cp benchmarks.jar
 * io.jray.benchmarks.ClusterScaling [maxNodes]}. Needs a quiet machine.
 */
public final class ClusterScaling {
  private static final String TOKEN = "cluster-scaling";
  private static final long IDLE_SECONDS = 10;

  private ClusterScaling() {}

  public static void main(String[] args) throws Exception {
    int maxNodes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Path temp = Files.createTempDirectory("jray-scaling");
    System.out.println("| nodes | all alive after | RSS per node (MB, mean) | idle CPU per node"
        + " (% of a core) | client connect | read of the node table (median of 100) |"
        + " SIGKILLed node seen dead after |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    try {
      for (int n = 1; n <= maxNodes; n++) {
        System.out.println(measure(n, temp));
      }
    } finally {
      deleteTree(temp);
    }
  }

  private static String measure(int n, Path temp) throws Exception {
    int port = freePort();
    String head = "127.0.0.1:" + port;
    List<Process> nodes = new ArrayList<>();
    try {
      long launched = System.nanoTime();
      nodes.add(startNode(temp, port, "127.0.0.1", null));
      awaitPort(port, nodes.get(0));
      for (int i = 2; i <= n; i++) {
        nodes.add(startNode(temp, port, "127.0.0.1".replaceAll("1$", String.valueOf(i)), head));
      }
      long connectStart = System.nanoTime();
      try (ClusterClient client = ClusterClient.connect(ClusterToken.resolve(TOKEN), head,
          "scaling", true)) {
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        while (client.nodes().stream().filter(ClusterClient.NodeView::alive).count() < n) {
          checkAlive(nodes);
          Thread.sleep(20);
        }
        double allAliveSeconds = (System.nanoTime() - launched) / 1e9;

        long[] cpuBefore = nodes.stream().mapToLong(ClusterScaling::cpuTicks).toArray();
        Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
        double cpuPercent = 0;
        double rssMb = 0;
        for (int i = 0; i < n; i++) {
          cpuPercent += (cpuTicks(nodes.get(i)) - cpuBefore[i]) / (double) IDLE_SECONDS;
          rssMb += rssKb(nodes.get(i)) / 1024.0;
        }
        double[] reads = new double[100];
        for (int i = 0; i < reads.length; i++) {
          long start = System.nanoTime();
          client.nodes();
          reads[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(reads);

        String seenDead = "—";
        if (n > 1) {
          Process last = nodes.get(n - 1);
          long killed = System.nanoTime();
          last.destroyForcibly();
          while (client.nodes().stream().filter(ClusterClient.NodeView::alive).count() >= n) {
            Thread.sleep(5);
          }
          seenDead = String.format("%.2f s", (System.nanoTime() - killed) / 1e9);
        }
        return String.format("| %d | %.1f s | %.0f | %.1f | %.2f s | %.2f ms | %s |", n,
            allAliveSeconds, rssMb / n, cpuPercent / n, connectSeconds, reads[reads.length / 2],
            seenDead);
      }
    } finally {
      for (Process node : nodes) {
        node.destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
      }
    }
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

  private static void awaitPort(int port, Process head) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      checkAlive(List.of(head));
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("the head did not listen within 60 s");
  }

  private static void checkAlive(List<Process> nodes) {
    for (Process node : nodes) {
      if (!node.isAlive()) {
        throw new IllegalStateException("a node exited with code " + node.exitValue());
      }
    }
  }

  /** User and system CPU time of the process, in clock ticks (100 a second on Linux). */
  private static long cpuTicks(Process process) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long rssKb(Process process) {
    try {
      for (String line : Files.readAllLines(
          Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
