package io.jray.it;

import io.jray.ActorLifetime;
import io.jray.Ray;
import io.jray.RayConfig;
import java.time.Duration;

/**
 * A driver that creates a detached, named tally on a cluster and adds to it:
 * {@code ClusterDetachedDriver ADDRESS TOKEN NAMESPACE NAME}. It prints "total N", the pid of the
 * host that runs the actor and "ready", then waits, with tasks of its own running on the nodes,
 * until its standard input ends (or it is killed).
 */
public final class ClusterDetachedDriver {
  private ClusterDetachedDriver() {}

  public static void main(String[] args) {
    Ray.init(RayConfig.builder().address(args[0]).clusterToken(args[1]).namespace(args[2])
        .includeDashboard(false).build());
    try {
      ClusterTasks_TallyRemote tally = ClusterTasks_TallyRemote.options().name(args[3])
          .lifetime(ActorLifetime.DETACHED).resource("svc", 1)
          .create(ClusterTasksRemote.plusOne(99)); // a ref argument: 100 to start with
      tally.add(5);
      long total = Ray.get(tally.add(Ray.put(10L)), Duration.ofMinutes(2));
      System.out.println("total " + total);
      System.out.println("host " + Ray.get(tally.hostPid(), Duration.ofMinutes(2)));
      ClusterTasksRemote.hostPid(600_000); // its job hosts are busy when it goes
      System.out.println("ready");
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      Ray.shutdown();
    }
  }
}
