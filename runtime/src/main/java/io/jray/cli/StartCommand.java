package io.jray.cli;

import io.jray.internal.cluster.ClusterToken;
import io.jray.internal.cluster.LocalNodes;
import io.jray.internal.cluster.Node;
import io.jray.internal.cluster.NodeDefaults;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jray start}: a node of a cluster, the head or one that joins it. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Starts a node on this machine: the head of a new cluster, or a node that joins"
        + " one. Returns once it is up, leaving it in the background, unless --block.")
final class StartCommand implements Callable<Integer> {
  /** How long a node started in the background may take to come up. */
  private static final long START_TIMEOUT_SECONDS = 90;

  static final class Role {
    @Option(names = "--head", required = true,
        description = "Start the first node of a new cluster.")
    boolean head;

    @Option(names = "--address", required = true, paramLabel = "HEAD_IP:PORT",
        description = "Join the cluster whose head listens there.")
    String address;
  }

  @ArgGroup(multiplicity = "1")
  Role role;

  @Option(names = "--port", defaultValue = "6380",
      description = "The port this node listens on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--node-ip", paramLabel = "IP",
      description = "The address this node listens on and is reached at (default: the head's"
          + " route for a joining node; this machine's first network address for the head).")
  String nodeIp;

  @Option(names = "--num-cpus", description = "CPUs this node offers (default: its cores).")
  Integer numCpus;

  @Option(names = "--num-gpus", description = "GPUs this node offers (default: 0).")
  Double numGpus;

  @Option(names = "--resources", split = ",", paramLabel = "NAME=AMOUNT",
      description = "Custom resources this node offers, e.g. special=1,GPU=2.")
  Map<String, Double> resources = new LinkedHashMap<>();

  @Option(names = "--token", paramLabel = "SECRET",
      description = "The cluster's shared secret (default: $" + ClusterToken.ENVIRONMENT_VARIABLE
          + "). Nothing joins without it.")
  String token;

  @Option(names = "--block", description = "Run the node in the foreground until it is killed.")
  boolean block;

  @Option(names = "--log-file", hidden = true, description = "Set by a background start.")
  Path logFile;

  @Override
  public Integer call() throws Exception {
    ClusterToken clusterToken = ClusterToken.resolve(token);
    String ip = nodeIp != null ? nodeIp : NodeDefaults.nodeIp(role.address);
    LocalNodes localNodes = LocalNodes.ofUser();
    if (!block) {
      return startInBackground(localNodes, ip);
    }
    Map<String, Double> capacity = new LinkedHashMap<>();
    capacity.put("CPU", (double) (numCpus != null ? numCpus
        : Runtime.getRuntime().availableProcessors()));
    if (numGpus != null && numGpus > 0) {
      capacity.put("GPU", numGpus);
    }
    capacity.putAll(resources);
    Node node = Node.start(new Node.Options(clusterToken, ip, port, role.address, capacity));
    long pid = ProcessHandle.current().pid();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      localNodes.remove(pid);
      node.close();
    }, "jray-node-stop"));
    localNodes.add(node.record(), clusterToken, logFile);
    System.out.println("jray node " + node.record().nodeId() + " is up at "
        + node.record().address() + (role.head ? " (head)" : "") + ", pid " + pid
        + ", offering " + capacity);
    if (role.head) {
      System.out.println("Join it from another machine with: jray start --address "
          + node.record().address() + " --token <the same token>");
      System.out.println("Run a driver on it with: RayConfig.builder().address(\""
          + node.record().address() + "\").clusterToken(...)");
    }
    System.out.flush();
    node.awaitClose();
    return 0;
  }

  /** Starts this same command with --block in a process of its own, and waits until it is up. */
  private int startInBackground(LocalNodes localNodes, String ip) throws IOException,
      InterruptedException {
    Path log = localNodes.logFile(ip, port);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(NodeDefaults.jvmOptions(
        ManagementFactory.getRuntimeMXBean().getInputArguments()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Jray.class.getName());
    command.add("start");
    if (role.head) {
      command.add("--head");
    } else {
      command.addAll(List.of("--address", role.address));
    }
    command.addAll(List.of("--port", String.valueOf(port), "--node-ip", ip));
    if (numCpus != null) {
      command.addAll(List.of("--num-cpus", String.valueOf(numCpus)));
    }
    if (numGpus != null) {
      command.addAll(List.of("--num-gpus", String.valueOf(numGpus)));
    }
    resources.forEach((name, amount) -> command.addAll(List.of("--resources", name + "=" + amount)));
    command.addAll(List.of("--block", "--log-file", log.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()) // this run only
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (token != null) {
      builder.environment().put(ClusterToken.ENVIRONMENT_VARIABLE, token); // not on its command line
    }
    Process node = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      Optional<LocalNodes.Entry> up = localNodes.find(node.pid());
      if (up.isPresent()) {
        System.out.println("jray node " + up.get().nodeId() + " is up at " + up.get().address()
            + (role.head ? " (head)" : "") + ", pid " + node.pid() + "; its log: " + log);
        System.out.println("jray status shows the cluster; jray stop ends this user's nodes.");
        return 0;
      }
      if (node.waitFor(200, TimeUnit.MILLISECONDS)) {
        System.err.println("The node did not start (exit code " + node.exitValue() + "). The end"
            + " of its log, " + log + ":");
        System.err.println(tail(log, 30));
        return 1;
      }
    }
    node.destroyForcibly();
    System.err.println("The node did not come up within " + START_TIMEOUT_SECONDS
        + " s, and was stopped. The end of its log, " + log + ":");
    System.err.println(tail(log, 30));
    return 1;
  }

  private static String tail(Path file, int lines) throws IOException {
    List<String> all = Files.readAllLines(file);
    return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines),
        all.size()));
  }
}
