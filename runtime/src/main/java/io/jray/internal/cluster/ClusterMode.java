package io.jray.internal.cluster;

import io.jray.NodeInfo;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.protocol.TaskSpec;
import java.io.IOException;
import io.jray.internal.dashboard.NodeStatus;
import io.jray.internal.resources.ResourceSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Joins a driver's runtime to the cluster its config names: the driver starts its job on every
 * live node, and its core sends its tasks there (see {@link DriverRuntime.ClusterLink}).
 */
public final class ClusterMode {
  private ClusterMode() {}

  public static void join(DriverRuntime runtime, RayConfig config) {
    ClusterToken token = ClusterToken.resolve(config.clusterToken());
    ClusterDriver driver;
    try {
      driver = ClusterDriver.connect(token, config.address(), config.namespace(), runtime,
          new ClusterDriver.Listener() {
            @Override
            public void settled(int slot, long id, String errorClass, String error) {
              runtime.remoteSettled(slot, id, errorClass, error);
            }

            @Override
            public void slotLost(int slot, String why) {
              Log.warn("A node of the cluster is gone ({}): its tasks run again elsewhere while"
                  + " their retries last", why);
              runtime.nodeLost(slot, why);
            }

            @Override
            public void detachedCreated(long actorId, int slot, long remoteId) {
              runtime.detachedCreated(actorId, slot, remoteId);
            }

            @Override
            public void forwarded(int fromSlot, long actorId, TaskSpec call) {
              runtime.forwardedCall(fromSlot, actorId, call);
            }

            @Override
            public void detachedFailed(long actorId, String why) {
              Log.warn("A detached actor could not be created: {}", why);
              runtime.detachedFailed(actorId, why);
            }
          });
    } catch (IOException e) {
      throw new RayException("Could not join the cluster at " + config.address() + ": "
          + e.getMessage(), e);
    }
    runtime.attachCluster(new DriverRuntime.ClusterLink() {
      @Override
      public void execute(int slot, TaskSpec spec, long[] ids, int[] slots) {
        driver.execute(slot, spec, ids, slots);
      }

      @Override
      public void createActor(int slot, String className, int maxRestarts, int maxTaskRetries,
          int maxConcurrency, int groupThreads, boolean isolated, TaskSpec creation, long[] ids,
          int[] slots) {
        driver.createActor(slot, className, maxRestarts, maxTaskRetries, maxConcurrency,
            groupThreads, isolated, creation, ids, slots);
      }

      @Override
      public void callActor(int slot, long actorId, TaskSpec call, long[] ids, int[] slots) {
        driver.callActor(slot, actorId, call, ids, slots);
      }

      @Override
      public void killActor(int slot, long actorId) {
        driver.killActor(slot, actorId);
      }

      @Override
      public void cancel(int slot, long id, boolean force, boolean recursive) {
        driver.cancel(slot, id, force, recursive);
      }

      @Override
      public void createDetachedActor(int slot, String className, String name,
          int maxRestarts, int maxTaskRetries, int maxConcurrency, int groupThreads,
          boolean isolated, TaskSpec creation, long[] ids, int[] slots, boolean restart) {
        driver.createDetachedActor(creation.taskId(), slot, className, name, maxRestarts,
            maxTaskRetries, maxConcurrency, groupThreads, isolated, creation, ids, slots,
            restart);
      }

      @Override
      public void tellForwarded(int toSlot, long id, int atSlot, String errorClass,
          String error) {
        driver.tellForwarded(toSlot, id, atSlot, errorClass, error);
      }

      @Override
      public void reserveDetachedName(String name, String className) {
        driver.reserveDetachedName(name, className);
      }

      @Override
      public void releaseDetachedName(String name) {
        driver.releaseDetachedName(name);
      }

      @Override
      public DetachedActor findDetached(String name) {
        return driver.findDetached(name);
      }

      @Override
      public List<NodeStatus> nodes() {
        List<NodeStatus> nodes = new ArrayList<>();
        for (ClusterClient.NodeView node : driver.nodes()) {
          nodes.add(new NodeStatus(new NodeInfo(node.record().nodeId(), node.record().ip(),
              node.alive(), node.record().resources()), node.used()));
        }
        return nodes;
      }

      @Override
      public void release(int slot, long[] ids) {
        driver.release(slot, ids);
      }

      @Override
      public void hold(int slot, long[] ids) {
        driver.hold(slot, ids);
      }

      @Override
      public void pull(long id, int slot) throws IOException {
        driver.pull(id, slot);
      }

      @Override
      public java.util.concurrent.CompletableFuture<?> awaitStored(long id, int slot) {
        return driver.awaitStored(id, slot);
      }

      @Override
      public void close() {
        driver.close();
      }
    });
    int nodes = driver.useEveryNode(job -> {
      Map<String, Double> offers = new HashMap<>(job.node().resources());
      offers.put(ResourceSet.nodeResource(job.node().nodeId()), 1.0); // for node affinity
      runtime.nodeJoined(job.slot(), offers);
    });
    if (nodes == 0) {
      throw new RayException("The cluster at " + config.address() + " has no live node to run"
          + " tasks on: start one (jray start --address " + config.address() + ").");
    }
    Log.info("jray joined the cluster at {}: job {} runs on {} node(s)", config.address(),
        driver.jobId(), nodes);
  }
}
