package io.jray;

import java.util.Map;

/**
 * A node of the session, as {@link RuntimeContext#getAllNodeInfo()} lists it.
 *
 * @param nodeId the node's id, as {@link RuntimeContext#getCurrentNodeId()} gives it
 * @param address where the node is reached; {@code 127.0.0.1} on one machine
 * @param alive whether the node is up
 * @param resources its capacity by resource: {@code "CPU"}, {@code "GPU"}, {@code "memory"}
 *     (bytes) and custom ones
 */
public record NodeInfo(String nodeId, String address, boolean alive,
    Map<String, Double> resources) {
  /**
   * Copies the resources, so that the record cannot change.
   *
   * @param nodeId the node's id, as {@link RuntimeContext#getCurrentNodeId()} gives it
   * @param address where the node is reached; {@code 127.0.0.1} on one machine
   * @param alive whether the node is up
   * @param resources its capacity by resource: {@code "CPU"}, {@code "GPU"}, {@code "memory"}
   *     (bytes) and custom ones
   */
  public NodeInfo {
    resources = Map.copyOf(resources);
  }
}
