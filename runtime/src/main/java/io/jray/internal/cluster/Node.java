package io.jray.internal.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.net.DataClient;
import io.jray.internal.net.DataServer;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.TokenCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One machine's part of a cluster: a Hazelcast member that holds a share of the cluster's tables
 * and is listed in its table of nodes. The head is the first node; every other node joins it.
 */
public final class Node implements AutoCloseable {
  /** The cluster's table of nodes, by node id. */
  static final String NODES = "jray.nodes";
  /** The cluster's table of what each node's work holds now, by node id. */
  static final String USE = "jray.node-use";
  private static final long USE_EVERY_MILLIS = 1_000;

  /**
   * What a node is started with.
   *
   * @param head null for the head, else the head's "ip:port"
   */
  public record Options(ClusterToken token, String nodeIp, int port, String head,
      Map<String, Double> resources) {}

  private final HazelcastInstance member;
  private final NodeRecord record;
  private final DataServer dataPlane;
  private final JobHosts jobHosts;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;
  /** Publishes what the node's work holds, whenever that changes. */
  private final java.util.concurrent.ScheduledExecutorService publisher =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jray-node-use");
        thread.setDaemon(true);
        return thread;
      });
  private Map<String, Double> published;

  private Node(HazelcastInstance member, NodeRecord record, DataServer dataPlane,
      JobHosts jobHosts) {
    this.member = member;
    this.record = record;
    this.dataPlane = dataPlane;
    this.jobHosts = jobHosts;
    publisher.scheduleWithFixedDelay(this::publishUse, 0, USE_EVERY_MILLIS,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void publishUse() {
    try {
      Map<String, Double> now = new java.util.HashMap<>(jobHosts.inUse());
      if (!now.equals(published) && member.getLifecycleService().isRunning()) {
        member.<String, java.util.HashMap<String, Double>>getMap(USE)
            .set(record.nodeId(), new java.util.HashMap<>(now));
        published = now;
      }
    } catch (RuntimeException e) {
      Log.debug("Could not publish the node's use: {}", e.toString());
    }
  }

  /** Starts the member, joins the head (unless this is it), and lists the node. */
  public static Node start(Options options) {
    if (options.head() != null) {
      checkReachable(options.head(), options.token());
    }
    HazelcastInstance member;
    try {
      member = Hazelcast.newHazelcastInstance(HazelcastSetup.member(
          options.token(), options.nodeIp(), options.port(), options.head()));
    } catch (RuntimeException e) {
      throw new RayException(options.head() == null
          ? "Could not start the head node on " + options.nodeIp() + ":" + options.port() + ": "
              + e.getMessage() + ". Is the port free (another node or program on it)?"
          : "Could not join the head at " + options.head() + " within "
              + HazelcastSetup.MAX_JOIN_SECONDS + " s: " + e.getMessage() + ". Most often the"
              + " cluster token differs from the head's (--token or "
              + ClusterToken.ENVIRONMENT_VARIABLE + ").", e);
    }
    JobHosts jobHosts = new JobHosts(options.token(), options.nodeIp(),
        member.getCluster().getLocalMember().getUuid().toString(), options.resources(),
        JarCache.ofUser(),
        LocalNodes.ofUser().folder().resolve("jobs"));
    DataServer dataPlane;
    try {
      dataPlane = DataServer.start(new InetSocketAddress(
          InetAddress.getByName(options.nodeIp()), dataPortOf(options.port())),
          NetOptions.builder(options.token().secret())
          .name("node " + options.nodeIp())
          .on(JobMessages.START_JOB, jobHosts::start)
          .onDisconnect(jobHosts::end)
          .build());
    } catch (IOException | RuntimeException e) {
      member.getLifecycleService().shutdown();
      throw new RayException("Could not open the node's data plane on " + options.nodeIp()
          + ": " + e.getMessage(), e);
    }
    NodeRecord record = new NodeRecord(member.getCluster().getLocalMember().getUuid().toString(),
        options.nodeIp(), options.port(), dataPlane.address().getPort(), options.resources(),
        ProcessHandle.current().pid(), System.currentTimeMillis(), options.head() == null);
    Node node = new Node(member, record, dataPlane, jobHosts);
    try {
      node.nodes().put(record.nodeId(), record);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** A node's data plane listens on the port after its Hazelcast port, on the same address. */
  static int dataPortOf(int port) {
    return port + 1;
  }

  /**
   * A joining node fails fast, with a message that says why, when nothing listens at the head or
   * the head's token differs (Hazelcast's own refusal shows only as a join timeout).
   */
  private static void checkReachable(String head, ClusterToken token) {
    InetSocketAddress address = Addresses.parse(head);
    try (Socket socket = new Socket()) {
      socket.connect(address, 3_000);
    } catch (IOException e) {
      throw new RayException("Nothing answers at " + head + " (" + e.getMessage() + "): start"
          + " the head there first (jray start --head), or check the address.");
    }
    checkToken(address, token, "This node");
  }

  /** Fails at once if the node at {@code address} has another token. */
  static void checkToken(InetSocketAddress address, ClusterToken token, String who) {
    InetSocketAddress data = new InetSocketAddress(address.getAddress(),
        dataPortOf(address.getPort()));
    TokenCheck check = DataClient.checkToken(data, token.secret(), Duration.ofSeconds(5));
    if (check.outcome() == TokenCheck.Outcome.TOKEN_DIFFERS) {
      throw new RayException(who + " was refused by the node at " + address.getHostString() + ":"
          + address.getPort() + ": its cluster token differs. Use the cluster's token (--token,"
          + " RayConfig.clusterToken(...) or " + ClusterToken.ENVIRONMENT_VARIABLE + ").");
    }
  }

  public NodeRecord record() {
    return record;
  }

  private IMap<String, NodeRecord> nodes() {
    return member.getMap(NODES);
  }

  /** Blocks until the node is closed (by {@link #close()} from another thread). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Leaves the cluster: the node's entry goes first, so that nobody sees it as dead. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      publisher.shutdownNow();
      if (member.getLifecycleService().isRunning()) {
        nodes().remove(record.nodeId());
        member.getMap(USE).remove(record.nodeId());
      }
    } catch (RuntimeException e) {
      Log.warn("Could not remove node {} from the cluster's table: {}", record.nodeId(),
          e.toString());
    } finally {
      jobHosts.close();
      dataPlane.close();
      member.getLifecycleService().shutdown();
      closed.countDown();
    }
  }
}
