package io.jray.internal.cluster;

import io.jray.RayConfig;
import io.jray.internal.Log;
import io.jray.internal.resources.ResourceSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The process a node starts for a driver's job, on the driver's class path:
 * {@code JobHostMain --slot S --bind IP --resources CPU=8,special=1} (what its node offers), with
 * the cluster token in the environment.
 * It prints {@value #READY} and its address once it listens, and ends when its driver's connection
 * does, when its node goes (its standard input, a pipe from the node, closes) or when no driver
 * speaks within {@value #FIRST_MESSAGE_SECONDS} s (a driver says where the job's slots are as soon
 * as it has started the job host, before any task). With {@code --detached} it is the node's host
 * of detached actors instead ({@link DetachedHost}), which no driver owns: it ends with its node.
 */
public final class JobHostMain {
  /** The line a node waits for, followed by "ip:port". */
  public static final String READY = "JRAY-JOB-HOST ";
  /** A line that says what the job host's work holds now, "CPU=1,special=1" (see NodeUse). */
  public static final String USE = "JRAY-USE ";
  private static final long USE_EVERY_MILLIS = 1_000;
  private static final long FIRST_MESSAGE_SECONDS = 60;

  private JobHostMain() {}

  public static void main(String[] args) throws InterruptedException {
    String bindIp = option(args, "--bind");
    if (java.util.Arrays.asList(args).contains("--detached")) {
      runDetached(bindIp, option(args, "--node-id"),
          configFor(ResourceSet.parse(option(args, "--resources"))));
      return;
    }
    int slot = Integer.parseInt(option(args, "--slot"));
    JobHost host = JobHost.start(ClusterToken.resolve(null), bindIp, slot,
        option(args, "--job-id"), option(args, "--node-id"), configFor(ResourceSet.parse(option(args, "--resources"))));
    Thread lifeline = new Thread(() -> {
      awaitEndOf(System.in);
      Log.info("This job host's node is gone: the job host ends");
      host.close();
      System.exit(0);
    }, "jray-job-host-lifeline");
    lifeline.setDaemon(true);
    lifeline.start();
    System.out.println(READY + host.address());
    System.out.flush();
    reportUse(host::resourcesInUse);
    boolean ended = host.awaitEnd(FIRST_MESSAGE_SECONDS, TimeUnit.SECONDS);
    if (!ended && !host.ownerKnown()) {
      Log.warn("No driver spoke to this job host within {} s: it ends", FIRST_MESSAGE_SECONDS);
    } else if (!ended) {
      host.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
    }
    host.close();
    System.exit(0);
  }

  /** A node's host of detached actors: it ends only with its node (see DetachedHost). */
  private static void runDetached(String bindIp, String nodeId, RayConfig config) {
    DetachedHost host = DetachedHost.start(ClusterToken.resolve(null), bindIp, nodeId, config);
    System.out.println(READY + host.address());
    System.out.flush();
    reportUse(host::resourcesInUse);
    awaitEndOf(System.in);
    Log.info("This detached host's node is gone: its actors end");
    host.close();
    System.exit(0);
  }

  /** Tells the node, on standard output, what the work here holds, whenever that changes. */
  private static void reportUse(java.util.function.Supplier<Map<String, Double>> use) {
    Thread reporter = new Thread(() -> {
      String last = "";
      while (true) {
        String now = ResourceSet.of(use.get()).toSpec();
        if (!now.equals(last)) {
          System.out.println(USE + now);
          System.out.flush();
          last = now;
        }
        try {
          Thread.sleep(USE_EVERY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "jray-use-reporter");
    reporter.setDaemon(true);
    reporter.start();
  }

  /** The job host's runtime offers what its node does: its scheduler keeps within that. */
  static RayConfig configFor(ResourceSet node) {
    RayConfig.Builder config = RayConfig.builder().includeDashboard(false)
        .numCpus(Math.max(1, (int) node.amount(ResourceSet.CPU)));
    for (Map.Entry<String, Double> resource : node.toMap().entrySet()) {
      String name = resource.getKey();
      if (name.equals(ResourceSet.GPU)) {
        config.numGpus(resource.getValue().intValue());
      } else if (!name.equals(ResourceSet.CPU) && !name.equals(ResourceSet.MEMORY)) {
        config.resource(name, resource.getValue());
      }
    }
    return config.build();
  }

  private static void awaitEndOf(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the node writes nothing: only the end matters
      }
    } catch (IOException e) {
      // closed: the node is gone
    }
  }

  private static String option(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("JobHostMain needs " + name);
  }
}
