package io.jray.internal.dashboard;

import io.jray.NodeInfo;
import java.util.Map;

/**
 * A node as the dashboard shows it: what {@code getAllNodeInfo()} says of it, and how much of
 * each resource its work holds now.
 *
 * @param info its id, address, liveness and capacity
 * @param used what its work holds, by resource (none listed: nothing)
 */
public record NodeStatus(NodeInfo info, Map<String, Double> used) {
  public NodeStatus {
    used = Map.copyOf(used);
  }
}
