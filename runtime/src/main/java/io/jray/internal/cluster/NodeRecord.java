package io.jray.internal.cluster;

import java.io.Serializable;
import java.util.Map;

/**
 * A node as the cluster's table of nodes holds it, keyed by {@link #nodeId}: written by the node
 * when it starts, removed when it stops. Whether it is alive is not stored: it is whether its
 * member is in the cluster now, which Hazelcast's failure detection keeps true.
 *
 * @param nodeId the node's Hazelcast member UUID
 * @param ip the address the node listens on, for Hazelcast and for jray's own connections
 * @param port the node's Hazelcast port
 * @param dataPort the port of the node's data plane, on the same address
 * @param resources the node's capacity by resource name ("CPU", "GPU", custom ones)
 * @param pid the node's process on its machine
 * @param startedMillis when it started, in epoch milliseconds
 * @param head whether it is the cluster's first node
 */
public record NodeRecord(String nodeId, String ip, int port, int dataPort,
    Map<String, Double> resources,
    long pid, long startedMillis, boolean head) implements Serializable {
  private static final long serialVersionUID = 2L;

  public NodeRecord {
    resources = Map.copyOf(resources);
  }

  /** Where drivers reach the node's data plane, "ip:port". */
  public String dataAddress() {
    return ip + ":" + dataPort;
  }

  /** "ip:port", as the command line and {@code RayConfig.address} take it. */
  public String address() {
    return ip + ":" + port;
  }
}
