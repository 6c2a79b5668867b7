package io.jray.internal.cluster;

import java.io.Serializable;

/**
 * A named detached actor as the cluster's table of them holds it, keyed by namespace and name:
 * written by the driver that created it once its node's detached host has it, removed when it is
 * killed. {@code actorId} 0 marks a name taken by a creation still under way.
 *
 * @param actorId the actor's id in its detached host
 * @param className the actor's class, as its stub names it
 * @param nodeId the node whose detached host runs it
 * @param hostAddress where that detached host listens, "ip:port"
 */
public record DetachedActorRecord(long actorId, String className, String nodeId,
    String hostAddress) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Whether the actor is created (not only its name taken). */
  public boolean created() {
    return actorId != 0;
  }
}
