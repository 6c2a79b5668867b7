package io.jray.internal.cluster;

import java.io.Serializable;

/**
 * A named detached actor as the cluster's table of them holds it, keyed by namespace and name:
 * written by the driver that created it once its node's detached host has it, removed when it is
 * killed. {@code actorId} 0 marks a name taken by a creation (or a restart) still under way.
 *
 * <p>It keeps what any driver needs to start the actor again on another node when its node is
 * lost, since no driver may be left that made it: its creation, and the restarts it used.
 *
 * @param actorId the actor's id in its detached host
 * @param className the actor's class, as its stub names it
 * @param nodeId the node whose detached host runs it
 * @param hostAddress where that detached host listens, "ip:port"
 * @param restarts how many times it was started again after its node was lost
 * @param maxRestarts how many times it may be (-1: no limit)
 * @param creation its {@code CreateActor} message, without places; null if its constructor took
 *     refs, which its node's loss took with it
 */
public record DetachedActorRecord(long actorId, String className, String nodeId,
    String hostAddress, int restarts, int maxRestarts, byte[] creation) implements Serializable {
  private static final long serialVersionUID = 2L;

  /** A name taken for a creation under way. */
  static DetachedActorRecord placeholder(String className) {
    return new DetachedActorRecord(0, className, "", "", 0, 0, null);
  }

  /** Whether the actor is created (not only its name taken). */
  public boolean created() {
    return actorId != 0;
  }

  /** Whether it may start again once more after losing its node. */
  boolean mayRestart() {
    return creation != null && (maxRestarts < 0 || restarts < maxRestarts);
  }

  /** The name kept by a restart under way, with the restart counted. */
  DetachedActorRecord restarting() {
    return new DetachedActorRecord(0, className, "", "", restarts + 1, maxRestarts, creation);
  }

  /** This record once its actor runs in the detached host at {@code hostAddress}. */
  DetachedActorRecord runningAt(long actorId, String nodeId, String hostAddress) {
    return new DetachedActorRecord(actorId, className, nodeId, hostAddress, restarts, maxRestarts,
        creation);
  }
}
