package io.jray.internal.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import io.jray.RayException;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A Hazelcast client of a cluster, as drivers and the command line join it: it owns none of the
 * cluster's data, so its death moves no partitions, and it reads the cluster's tables.
 */
public final class ClusterClient implements AutoCloseable {
  /**
   * A node as a reader sees it: its record, whether its member is in the cluster now, and what
   * its work holds, by resource, as it last said (at most a second old).
   */
  public record NodeView(NodeRecord record, boolean alive, Map<String, Double> used) {}

  /** The name of the table of named detached actors. */
  static final String DETACHED_ACTORS = "jray.detached-actors";

  private final HazelcastInstance client;

  private ClusterClient(HazelcastInstance client) {
    this.client = client;
  }

  /**
   * Joins the cluster through the node at {@code address}; fails within seconds, saying why, when
   * nothing listens there or the token is not the cluster's. {@code role} names the client in
   * the cluster ("driver", "status"); a quiet client logs nothing of Hazelcast's.
   */
  public static ClusterClient connect(ClusterToken token, String address, String role,
      boolean quiet) {
    var socketAddress = Addresses.parse(address);
    try (Socket socket = new Socket()) {
      socket.connect(socketAddress, 3_000);
    } catch (IOException e) {
      throw new RayException("No jray node answers at " + address + " (" + e.getMessage()
          + "). Start one there (jray start --head) or check the address.");
    }
    Node.checkToken(socketAddress, token, "This " + role);
    try {
      return new ClusterClient(HazelcastClient.newHazelcastClient(HazelcastSetup.client(
          token, address, "jray-" + role + "-" + ProcessHandle.current().pid(), quiet)));
    } catch (RuntimeException e) {
      throw new RayException("The node at " + address + " did not accept this " + role + " within "
          + HazelcastSetup.CONNECT_TIMEOUT_MILLIS / 1000 + " s (" + e.getMessage() + "). Most"
          + " often the cluster token differs from the cluster's: check --token, RayConfig"
          + ".clusterToken(...) or " + ClusterToken.ENVIRONMENT_VARIABLE + ".", e);
    }
  }

  /** Every node in the table, alive or not, the head first, then by address. */
  public List<NodeView> nodes() {
    Set<String> members = new HashSet<>();
    for (Member member : client.getCluster().getMembers()) {
      members.add(member.getUuid().toString());
    }
    List<NodeView> nodes = new ArrayList<>();
    // One read of the use of every live node, not one per node: dashboards ask each second.
    Map<String, java.util.HashMap<String, Double>> use =
        client.<String, java.util.HashMap<String, Double>>getMap(Node.USE).getAll(members);
    for (NodeRecord record : client.<String, NodeRecord>getMap(Node.NODES).values()) {
      boolean alive = members.contains(record.nodeId());
      Map<String, Double> used = alive ? use.get(record.nodeId()) : null;
      nodes.add(new NodeView(record, alive, used == null ? Map.of() : Map.copyOf(used)));
    }
    nodes.sort(Comparator.comparing((NodeView n) -> !n.record().head())
        .thenComparing(n -> n.record().address()));
    return nodes;
  }

  /** The cluster's table of named detached actors, by "namespace/name". */
  public com.hazelcast.map.IMap<String, DetachedActorRecord> detachedActors() {
    return client.getMap(DETACHED_ACTORS);
  }

  /** Calls {@code added} with each node that lists itself in the table from now on. */
  public void onNodeListed(Consumer<NodeRecord> added) {
    client.<String, NodeRecord>getMap(Node.NODES).addEntryListener(
        (EntryAddedListener<String, NodeRecord>) event -> added.accept(event.getValue()), true);
  }

  /** Calls {@code gone} with a node's id when its member leaves the cluster (dies or stops). */
  public void onNodeGone(Consumer<String> gone) {
    client.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        gone.accept(event.getMember().getUuid().toString());
      }
    });
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
