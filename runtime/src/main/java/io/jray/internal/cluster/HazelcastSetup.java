package io.jray.internal.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import io.jray.internal.Log;

/**
 * How jray configures Hazelcast, for members (nodes) and clients (drivers, the command line):
 * each member listens on its own address only, joins by an explicit TCP member list (no
 * multicast, no cloud discovery), and sees a killed member go within seconds.
 */
final class HazelcastSetup {
  /** A member that stops answering without closing its connections is dropped after this. */
  static final int MAX_NO_HEARTBEAT_SECONDS = 10;
  /** How long a node may take to join the head before it gives up. */
  static final int MAX_JOIN_SECONDS = 20;
  /** How long a driver or the command line tries to reach a cluster before it gives up. */
  static final long CONNECT_TIMEOUT_MILLIS = 15_000;

  private HazelcastSetup() {}

  /**
   * A node's member: {@code head} is null for the head itself, else the head's "ip:port", which
   * this member must join (it refuses to start a cluster of its own).
   */
  static Config member(ClusterToken token, String nodeIp, int port, String head) {
    Config config = new Config();
    config.setClusterName(token.clusterName());
    config.setInstanceName("jray-node-" + nodeIp + "-" + port);
    common(config, nodeIp);
    config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
    config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(),
        String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    config.setProperty(ClusterProperty.CLIENT_HEARTBEAT_TIMEOUT_SECONDS.getName(),
        String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    // The head has nobody to wait for; a joining node is told exactly whom to join.
    config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), head == null ? "0" : "1");
    config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "2");
    config.setProperty(ClusterProperty.MAX_JOIN_SECONDS.getName(), String.valueOf(MAX_JOIN_SECONDS));
    config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false"); // the node's own
    config.setProperty(ClusterProperty.HEALTH_MONITORING_LEVEL.getName(), "OFF");
    // The tables are small and rebuilt by their nodes: a stopping node does not wait long for
    // its partitions' replicas (a whole cluster stopped at once would wait for each other).
    config.setProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(), "5");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(nodeIp + ":" + port);
    network.getInterfaces().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
        .addMember(head == null ? nodeIp + ":" + port : head);
    if (head != null) {
      join.getTcpIpConfig().setRequiredMember(head);
    }
    return config;
  }

  /**
   * A client of the cluster whose member listens at {@code address} ("ip:port"); a quiet one
   * (the command line's) logs nothing of Hazelcast's.
   */
  static ClientConfig client(ClusterToken token, String address, String instanceName,
      boolean quiet) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(token.clusterName());
    config.setInstanceName(instanceName);
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), quiet ? "none" : "slf4j");
    config.setProperty("hazelcast.client.heartbeat.interval", "1000");
    config.setProperty("hazelcast.client.heartbeat.timeout",
        String.valueOf(MAX_NO_HEARTBEAT_SECONDS * 1000));
    config.setProperty("hazelcast.client.shutdownhook.enabled", "false");
    config.getNetworkConfig().addAddress(address);
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
        .setInitialBackoffMillis(200)
        .setMaxBackoffMillis(1000);
    return config;
  }

  private static void common(Config config, String nodeIp) {
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    // A node's log is its own: through the SLF4J binding on its class path if there is one,
    // else through java.util.logging, which writes to the node's standard error (its log file).
    config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), Log.hasBinding() ? "slf4j" : "jdk");
    // Hazelcast reads the address to bind and advertise from here only: without it, a member on
    // 127.0.0.2 would pick 127.0.0.1, the one loopback address that is an interface address.
    System.setProperty("hazelcast.local.localAddress", nodeIp);
  }
}
