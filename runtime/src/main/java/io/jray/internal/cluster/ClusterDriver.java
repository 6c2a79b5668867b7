package io.jray.internal.cluster;

import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.driver.ShippedClassPath;
import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataClient;
import io.jray.internal.net.MessageHandler;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.Peer;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.resources.ResourceSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A driver's side of a cluster: it reads the table of nodes, starts the job's job host on a node
 * the first time it sends work there (each with a slot of the job), sends tasks and releases,
 * serves the driver's jars and objects to the job hosts, and copies results into the driver's
 * store when they are wanted. What it hears (a result settled, a node gone) goes to its
 * {@link Listener}: the driver's core decides what follows.
 */
public final class ClusterDriver implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);

  /** What the driver's core hears from the cluster. */
  public interface Listener {
    /** A task's result settled in the job host of {@code slot} (see JobMessages.Settled). */
    void settled(int slot, long id, String errorClass, String error);

    /** The node of {@code slot} is gone, and with it its job host and every object there. */
    void slotLost(int slot, String why);

    /** A node's detached host, reached as {@code slot}, created the actor as {@code remoteId}. */
    void detachedCreated(long actorId, int slot, long remoteId);

    /** A node's detached host could not create the actor. */
    void detachedFailed(long actorId, String why);

    /** The job host of {@code fromSlot} forwarded a call of its worker's to an actor. */
    void forwarded(int fromSlot, long actorId, TaskSpec call);
  }

  /** How long a name taken for a detached actor's creation is kept if the creation never ends. */
  private static final Duration NAME_RESERVATION = Duration.ofMinutes(5);
  /** How long a lookup waits for a detached actor whose creation is under way. */
  private static final Duration CREATION_WAIT = Duration.ofSeconds(60);

  /** The job on one node: its slot, where its job host listens, and the connection to it. */
  public record JobSlot(int slot, NodeRecord node, String address, Peer host) {}

  private final ClusterClient cluster;
  private final DataClient data;
  private final DriverRuntime runtime;
  private final Listener listener;
  private final String jobId;
  /** Nodes whose job host the driver's core was told of, so that each is told once. */
  private final Set<String> announced = ConcurrentHashMap.newKeySet();
  /** Starts the job on nodes that join later: seconds each, off Hazelcast's event thread. */
  private final ExecutorService joiner = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "jray-cluster-joiner");
    thread.setDaemon(true);
    return thread;
  });
  private final ClassPathManifest.Bundle classPath;
  private final Map<String, JobSlot> byNode = new ConcurrentHashMap<>();
  private final Map<Integer, JobSlot> bySlot = new ConcurrentHashMap<>();
  /** Job hosts being started, by node id. */
  private final Map<String, CompletableFuture<JobSlot>> startingOn = new ConcurrentHashMap<>();
  /** Slots of nodes' detached hosts (not job hosts: no tasks, no peers), by their address. */
  private final Map<String, JobSlot> detachedByAddress = new ConcurrentHashMap<>();
  private final Set<Integer> detachedSlots = ConcurrentHashMap.newKeySet();
  /** The table key of each named detached actor this driver knows, by its id in its host. */
  private final Map<Long, String> detachedNames = new ConcurrentHashMap<>();
  /**
   * Results of detached actors' calls that job hosts' workers made, kept in this driver's store
   * until the job host (by slot) that made the call has copied them.
   */
  private final Map<Long, Integer> lent = new ConcurrentHashMap<>();
  /** Copies detached actors' results home, off the connection's handler thread. */
  private final ExecutorService copier = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "jray-cluster-copier");
    thread.setDaemon(true);
    return thread;
  });
  private final String namespace;
  private int nextSlot = 1; // guarded by this
  private volatile boolean closing;

  private ClusterDriver(ClusterClient cluster, ClusterToken token, DriverRuntime runtime,
      Listener listener, ClassPathManifest.Bundle classPath, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.runtime = runtime;
    this.listener = listener;
    this.classPath = classPath;
    this.jobId = runtime.session().jobId();
    this.data = new DataClient(NetOptions.builder(token.secret())
        .name("driver " + ProcessHandle.current().pid())
        .on(JobMessages.SETTLED, MessageHandler.sync(this::settled))
        .on(JobMessages.DETACHED_SETTLED, MessageHandler.sync(this::detachedSettled))
        .on(JobMessages.ACTOR_FORWARD, MessageHandler.sync(this::forwarded))
        .on(JobMessages.KILL_FORWARD, MessageHandler.sync(this::killForwarded))
        .on(JobMessages.RELEASE, MessageHandler.sync(this::lentReleased))
        .blobs(this::open)
        .onDisconnect(this::disconnected)
        .build());
    cluster.onNodeGone(this::nodeGone);
  }

  /**
   * Joins the cluster through the node at {@code address}, for a driver whose own store is
   * {@code runtime}'s.
   */
  public static ClusterDriver connect(ClusterToken token, String address, String namespace,
      DriverRuntime runtime, Listener listener) throws IOException {
    ClassPathManifest.Bundle classPath = ClassPathManifest.of(ShippedClassPath.ofThisProcess());
    ClusterClient cluster = ClusterClient.connect(token, address, "driver", false);
    try {
      return new ClusterDriver(cluster, token, runtime, listener, classPath, namespace);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String jobId() {
    return jobId;
  }

  public List<ClusterClient.NodeView> nodes() {
    return cluster.nodes();
  }

  /**
   * Starts the job on every live node, now and as nodes join later, and tells {@code joined} of
   * each job host once it runs. Returns how many nodes took the job now.
   */
  public int useEveryNode(java.util.function.Consumer<JobSlot> joined) {
    cluster.onNodeListed(record -> joiner.execute(() -> {
      try {
        announce(record, joined);
      } catch (RuntimeException e) {
        Log.warn("Node {} joined the cluster, but this job could not start there: {}",
            record.address(), e.getMessage());
      }
    }));
    // Each node starts its job host in seconds: all at once, not one after another.
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (ClusterClient.NodeView node : cluster.nodes()) {
      if (node.alive()) {
        starts.add(CompletableFuture.runAsync(() -> announce(node.record(), joined), copier)
            .exceptionally(failure -> {
              Log.warn("This job could not start on node {}: {}", node.record().address(),
                  failure.getCause() == null ? failure : failure.getCause().getMessage());
              return null;
            }));
      }
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    return (int) announced.stream().filter(byNode::containsKey).count();
  }

  private void announce(NodeRecord node, java.util.function.Consumer<JobSlot> joined) {
    if (closing || !announced.add(node.nodeId())) {
      return;
    }
    JobSlot job = jobOn(node);
    Log.info("Node {} ({}) takes this job's work", node.nodeId(), node.address());
    joined.accept(job);
  }

  /**
   * The job's slot on the node, whose job host starts the first time it is asked for; several
   * nodes' start at once, and a second caller for one node waits for the first's.
   */
  public JobSlot jobOn(NodeRecord node) {
    JobSlot known = byNode.get(node.nodeId());
    if (known != null) {
      return known;
    }
    CompletableFuture<JobSlot> mine = new CompletableFuture<>();
    CompletableFuture<JobSlot> starting = startingOn.putIfAbsent(node.nodeId(), mine);
    if (starting != null) {
      return starting.join();
    }
    try {
      int slot;
      synchronized (this) {
        slot = nextSlot++;
      }
      if (slot >= DetachedHost.SLOT) {
        throw new RayException("A job can use at most " + (DetachedHost.SLOT - 1) + " nodes");
      }
      JobSlot job = start(node, slot);
      synchronized (this) {
        byNode.put(node.nodeId(), job);
        bySlot.put(slot, job);
        tellPlaces();
      }
      mine.complete(job);
      return job;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      startingOn.remove(node.nodeId(), mine);
      throw e;
    }
  }

  private JobSlot start(NodeRecord node, int slot) {
    JobMessages.JobStarted started = startOn(node, slot, false);
    Peer host = data.connect(Addresses.parse(started.address()), CONNECT_TIMEOUT);
    Log.info("Job {} runs on node {} ({}) in job host pid={}", jobId, node.nodeId(),
        node.address(), started.pid());
    return new JobSlot(slot, node, started.address(), host);
  }

  /** Asks the node for this job's host of {@code slot}, or for its detached host. */
  private JobMessages.JobStarted startOn(NodeRecord node, int slot, boolean detached) {
    try {
      Peer nodePeer = data.connect(Addresses.parse(node.dataAddress()), CONNECT_TIMEOUT);
      byte[] reply = nodePeer.request(JobMessages.START_JOB, new JobMessages.StartJob(jobId, slot,
              "", classPath.manifest(), List.of(), detached).encode(), START_TIMEOUT)
          .get(START_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return JobMessages.JobStarted.decode(reply);
    } catch (ExecutionException e) {
      throw new RayException("Node " + node.address() + " could not start this job: "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new RayException("Node " + node.address() + " did not start this job within "
          + START_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("Interrupted while starting the job on " + node.address(), e);
    }
  }

  /** Every job host learns where each slot's objects are served. */
  private void tellPlaces() {
    byte[] message = new JobMessages.Peers(jobHostAddresses()).encode();
    for (JobSlot job : bySlot.values()) {
      if (job.host().isOpen() && !detachedSlots.contains(job.slot())) {
        job.host().send(JobMessages.PEERS, message);
      }
    }
  }

  /** Where each of the job's hosts serves its objects, by slot. */
  private Map<Integer, String> jobHostAddresses() {
    Map<Integer, String> places = new HashMap<>();
    bySlot.forEach((slot, job) -> {
      if (!detachedSlots.contains(slot)) {
        places.put(slot, job.address());
      }
    });
    return places;
  }

  /** The detached host at {@code address} (of {@code node}), as a slot of this driver's. */
  private synchronized JobSlot detachedAt(String address, NodeRecord node) {
    JobSlot known = detachedByAddress.get(address);
    if (known != null && known.host().isOpen()) {
      return known;
    }
    int slot = nextSlot++;
    if (slot >= DetachedHost.SLOT) {
      throw new RayException("A job can use at most " + (DetachedHost.SLOT - 1) + " nodes");
    }
    JobSlot job = new JobSlot(slot, node, address,
        data.connect(Addresses.parse(address), CONNECT_TIMEOUT));
    detachedSlots.add(slot);
    bySlot.put(slot, job);
    detachedByAddress.put(address, job);
    return job;
  }

  private String tableKey(String name) {
    return namespace + "/" + name;
  }

  /** Takes a name in the table of detached actors; throws if an actor has it already. */
  public void reserveDetachedName(String name, String className) {
    DetachedActorRecord taken = cluster.detachedActors().putIfAbsent(tableKey(name),
        DetachedActorRecord.placeholder(className), NAME_RESERVATION.toSeconds(),
        TimeUnit.SECONDS);
    if (taken != null) {
      throw new RayException("A detached actor named '" + name + "' already exists in namespace '"
          + namespace + "' of the cluster (a " + taken.className() + "): pick another name, or"
          + " look that one up with getActor(\"" + name + "\").");
    }
  }

  /** Gives back a name that a creation that failed had taken. */
  public void releaseDetachedName(String name) {
    cluster.detachedActors().remove(tableKey(name));
  }

  /**
   * The detached actor of this name in the driver's namespace, as this driver reaches it; null
   * if there is none. One whose creation is under way is waited for; one whose node is gone is
   * started again on another node while its restarts last (else it is gone, and so is its name).
   */
  public DriverRuntime.ClusterLink.DetachedActor findDetached(String name) {
    String key = tableKey(name);
    Reached reached;
    try {
      reached = live(key, null);
    } catch (RayException e) {
      Log.warn("Detached actor '{}' is gone: {}", name, e.getMessage());
      return null;
    }
    if (reached == null) {
      return null;
    }
    detachedNames.put(reached.record().actorId(), key);
    return new DriverRuntime.ClusterLink.DetachedActor(reached.host().slot(),
        reached.record().actorId(), reached.record().className());
  }

  /** A named detached actor's record, and its host as this driver reaches it. */
  private record Reached(DetachedActorRecord record, JobSlot host) {}

  /**
   * The named detached actor at {@code key}, running on a node this driver reaches: as it is,
   * once a creation or restart under way ends, or started again here, on {@code preferred} (or
   * any node with room for it, if null or gone), if its host cannot be reached (its node's loss
   * may not be known to the cluster yet). Null if there is none; throws, saying why, if it lost
   * its node and may not start again.
   */
  private Reached live(String key, NodeRecord preferred) {
    long deadline = System.nanoTime() + CREATION_WAIT.toNanos();
    while (true) {
      try {
        return liveOnce(key, preferred, deadline);
      } catch (com.hazelcast.core.HazelcastException e) {
        // The table's partition was on the lost member: it moves to a backup within moments.
        if (System.nanoTime() > deadline) {
          throw new RayException("the cluster's table of detached actors did not answer: "
              + e.getMessage(), e);
        }
        Log.debug("The table of detached actors failed for '{}' ({}): trying again", key,
            e.getMessage());
        pause(key);
      }
    }
  }

  private Reached liveOnce(String key, NodeRecord preferred, long deadline) {
    while (true) {
      DetachedActorRecord current = cluster.detachedActors().get(key);
      if (current == null) {
        return null;
      }
      if (!current.created()) {
        if (System.nanoTime() > deadline) {
          return null; // a creation that never ended: its placeholder expires
        }
        pause(key);
        continue;
      }
      NodeRecord node = aliveNode(current.nodeId());
      if (node != null) {
        try {
          return new Reached(current, detachedAt(current.hostAddress(), node));
        } catch (RuntimeException e) {
          Log.info("Detached actor '{}' cannot be reached at {} ({}): its node is taken for lost",
              key, current.hostAddress(), e.getMessage());
        }
      }
      if (!current.mayRestart()) {
        cluster.detachedActors().remove(key, current);
        throw new RayException("its node is gone and it may not start again: "
            + (current.creation() == null ? "its constructor took ObjectRef arguments, which"
                + " were lost with the node" : "its " + current.restarts() + " restart(s) are"
                + " spent (maxRestarts=" + current.maxRestarts() + ")"));
      }
      DetachedActorRecord claim = current.restarting();
      if (!cluster.detachedActors().replace(key, current, claim)) {
        continue; // another driver starts it again
      }
      // If this driver dies while it restarts the actor, the name is not held for ever.
      cluster.detachedActors().setTtl(key, NAME_RESERVATION.toSeconds(), TimeUnit.SECONDS);
      return restart(key, current, claim, preferred);
    }
  }

  /**
   * Starts a detached actor that lost its node again, under the name {@code claim} holds; if it
   * cannot (no live node has room for it, say), the table keeps {@code lost} for a later try.
   */
  private Reached restart(String key, DetachedActorRecord lost, DetachedActorRecord claim,
      NodeRecord preferred) {
    JobMessages.CreateActor creation = JobMessages.CreateActor.decode(claim.creation());
    try {
      JobSlot host = detachedHostFor(preferred, creation.creation().spec().resources());
      NodeRecord node = host.node();
      long remoteId = createIn(host, new JobMessages.CreateActor(creation.className(),
          claim.maxRestarts() < 0 ? -1 : claim.maxRestarts() - claim.restarts(),
          creation.maxTaskRetries(), creation.maxConcurrency(), creation.groupThreads(),
          creation.isolated(), creation.creation(), Map.of()));
      DetachedActorRecord started = claim.runningAt(remoteId, node.nodeId(), host.address());
      if (!cluster.detachedActors().replace(key, claim, started)) {
        host.host().send(JobMessages.ACTOR_KILL,
            ByteBuffer.allocate(Long.BYTES).putLong(remoteId).array());
        return null; // killed while it started again
      }
      cluster.detachedActors().setTtl(key, 0, TimeUnit.SECONDS); // lives until killed
      Log.warn("Detached actor '{}' lost its node: started again on node {} ({} of {} restarts)",
          key, node.address(), claim.restarts(),
          claim.maxRestarts() < 0 ? "unlimited" : claim.maxRestarts());
      return new Reached(started, host);
    } catch (RuntimeException e) {
      if (cluster.detachedActors().replace(key, claim, lost)) {
        cluster.detachedActors().setTtl(key, 0, TimeUnit.SECONDS);
      }
      if (e instanceof com.hazelcast.core.HazelcastException transientFailure) {
        throw transientFailure; // the entry is back as it was: live tries again
      }
      throw new RayException("it could not start again yet (a later getActor tries again): "
          + e.getMessage(), e);
    }
  }

  /** Asks a detached host to create an actor; returns its id there. */
  private long createIn(JobSlot host, JobMessages.CreateActor message) {
    try {
      byte[] reply = host.host().request(JobMessages.DETACHED_CREATE, message.encode(),
          START_TIMEOUT).get(START_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return ByteBuffer.wrap(reply).getLong();
    } catch (ExecutionException e) {
      throw new RayException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new RayException("its node's detached host did not answer within "
          + START_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("the driver is leaving", e);
    }
  }

  /**
   * The detached host, started if need be, of {@code preferred}, or of another node with room
   * for {@code demand} if it is null or cannot be reached: an actor that lost its node may be
   * placed there again before the cluster sees the node gone.
   */
  private JobSlot detachedHostFor(NodeRecord preferred, ResourceSet demand) {
    if (preferred != null && aliveNode(preferred.nodeId()) != null) {
      try {
        return detachedAt(startOn(preferred, DetachedHost.SLOT, true).address(), preferred);
      } catch (RuntimeException e) {
        Log.info("Node {} cannot take a detached actor ({}): trying another",
            preferred.address(), e.getMessage());
      }
    }
    NodeRecord other = nodeWithRoomFor(demand, preferred == null ? "" : preferred.nodeId());
    return detachedAt(startOn(other, DetachedHost.SLOT, true).address(), other);
  }

  /**
   * A live node but {@code notNodeId} whose capacity covers {@code demand} (its pin to a node
   * aside), or throws.
   */
  private NodeRecord nodeWithRoomFor(ResourceSet demand, String notNodeId) {
    ResourceSet wanted = ResourceSet.of(ResourceSet.withoutNodeResources(demand.toMap()));
    List<NodeRecord> fits = cluster.nodes().stream().filter(ClusterClient.NodeView::alive)
        .map(ClusterClient.NodeView::record)
        .filter(node -> !node.nodeId().equals(notNodeId))
        .filter(node -> wanted.fitsIn(ResourceSet.of(node.resources()))).toList();
    if (fits.isEmpty()) {
      throw new RayException("no live node has " + wanted.toSpec());
    }
    return fits.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(fits.size()));
  }

  private NodeRecord aliveNode(String nodeId) {
    return cluster.nodes().stream().filter(n -> n.alive() && n.record().nodeId().equals(nodeId))
        .map(ClusterClient.NodeView::record).findFirst().orElse(null);
  }

  private static void pause(String key) {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("Interrupted while looking up actor '" + key + "'", e);
    }
  }

  /**
   * Creates a detached actor in the detached host of the node of {@code slot}, starting that
   * host if it does not run; the listener hears how it went. Off the caller's thread: a host's
   * start takes seconds. A named one started again after its node was lost ({@code restart})
   * is the cluster table's to start (another driver may have done so already), from what the
   * table keeps.
   */
  public void createDetachedActor(long actorId, int slot, String className, String name,
      int maxRestarts, int maxTaskRetries, int maxConcurrency, int groupThreads,
      boolean isolated, TaskSpec creation, long[] ids, int[] slots, boolean restart) {
    JobSlot job = bySlot.get(slot);
    NodeRecord chosen = job == null ? null : job.node();
    if (chosen == null && !restart) {
      listener.detachedFailed(actorId, "its node is gone");
      return;
    }
    joiner.execute(() -> {
      if (restart && name != null) {
        restartNamed(actorId, tableKey(name), chosen);
        return;
      }
      try {
        JobSlot host = restart ? detachedHostFor(chosen, creation.resources())
            : detachedAt(startOn(chosen, DetachedHost.SLOT, true).address(), chosen);
        NodeRecord node = host.node();
        long remoteId = createIn(host, new JobMessages.CreateActor(className, maxRestarts,
            maxTaskRetries, maxConcurrency, groupThreads, isolated,
            new JobMessages.Execute(creation, ids, slots), jobHostAddresses()));
        if (name != null) {
          // What another driver needs to start it again: by value only (refs die with a node).
          byte[] again = creation.heldRefs().length > 0 ? null : new JobMessages.CreateActor(
              className, maxRestarts, maxTaskRetries, maxConcurrency, groupThreads, isolated,
              new JobMessages.Execute(creation, new long[0], new int[0]), Map.of()).encode();
          cluster.detachedActors().put(tableKey(name), new DetachedActorRecord(remoteId,
              className, node.nodeId(), host.address(), 0, maxRestarts, again));
          detachedNames.put(remoteId, tableKey(name));
        }
        Log.info("Detached actor {} lives on node {} ({})", name == null ? className : name,
            node.nodeId(), node.address());
        listener.detachedCreated(actorId, host.slot(), remoteId);
      } catch (RuntimeException e) {
        failCreation(actorId, name, e.getMessage());
      }
    });
  }

  /** This driver's handle to a named detached actor that lost its node follows it (see live). */
  private void restartNamed(long actorId, String key, NodeRecord preferred) {
    try {
      Reached reached = live(key, preferred);
      if (reached == null) {
        listener.detachedFailed(actorId, "it was killed while its node was lost");
        return;
      }
      detachedNames.put(reached.record().actorId(), key);
      listener.detachedCreated(actorId, reached.host().slot(), reached.record().actorId());
    } catch (RuntimeException e) {
      listener.detachedFailed(actorId, e.getMessage());
    }
  }

  private void failCreation(long actorId, String name, String why) {
    if (name != null) {
      releaseDetachedName(name);
    }
    listener.detachedFailed(actorId, why);
  }

  /** Sends a task to the job's host on a node; {@code ids}/{@code slots}: see Execute. */
  public void execute(JobSlot job, TaskSpec spec, long[] ids, int[] slots) {
    job.host().send(JobMessages.EXECUTE, new JobMessages.Execute(spec, ids, slots).encode());
  }

  /**
   * As {@link #execute(JobSlot, TaskSpec, long[], int[])} by slot; a slot whose node is gone
   * drops the task (its loss, already reported, sent the task elsewhere).
   */
  public void execute(int slot, TaskSpec spec, long[] ids, int[] slots) {
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      execute(job, spec, ids, slots);
    }
  }

  /** Creates an actor in the job host of {@code slot}; ids/slots as for Execute. */
  public void createActor(int slot, String className, int maxRestarts, int maxTaskRetries,
      int maxConcurrency, int groupThreads, boolean isolated, TaskSpec creation, long[] ids,
      int[] slots) {
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      job.host().send(JobMessages.ACTOR_CREATE, new JobMessages.CreateActor(className,
          maxRestarts, maxTaskRetries, maxConcurrency, groupThreads, isolated,
          new JobMessages.Execute(creation, ids, slots), Map.of()).encode());
    }
  }

  /**
   * Sends a call to an actor in the job host of {@code slot}; a slot whose node is gone drops
   * it (its loss, already reported, restarts the actor or fails the call).
   */
  public void callActor(int slot, long actorId, TaskSpec call, long[] ids, int[] slots) {
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      boolean detached = detachedSlots.contains(slot);
      job.host().send(detached ? JobMessages.DETACHED_CALL : JobMessages.ACTOR_CALL,
          new JobMessages.ActorCall(actorId, new JobMessages.Execute(call, ids, slots),
              detached ? jobHostAddresses() : Map.of()).encode());
    }
  }

  /** Ends an actor in the job host of {@code slot} for good; a detached one loses its name. */
  public void killActor(int slot, long actorId) {
    String key = detachedNames.remove(actorId);
    if (key != null) {
      cluster.detachedActors().remove(key);
    }
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      job.host().send(JobMessages.ACTOR_KILL,
          ByteBuffer.allocate(Long.BYTES).putLong(actorId).array());
    }
  }

  /**
   * Cancels a task that the job host of {@code slot} runs (see Ray.cancel); the driver holds its
   * result no more.
   */
  public void cancel(int slot, long id, boolean force, boolean recursive) {
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      job.host().send(JobMessages.CANCEL, ByteBuffer.allocate(Long.BYTES + 2).putLong(id)
          .put((byte) (force ? 1 : 0)).put((byte) (recursive ? 1 : 0)).array());
    }
  }

  /** The driver holds these results of the slot no more. */
  public void release(int slot, long[] ids) {
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      job.host().send(JobMessages.RELEASE, new JobMessages.Release(ids).encode());
    }
  }

  /** The driver holds refs to these objects that the job host of {@code slot} made. */
  public void hold(int slot, long[] ids) {
    JobSlot job = bySlot.get(slot);
    if (job != null && job.host().isOpen()) {
      job.host().send(JobMessages.HOLD, new JobMessages.Release(ids).encode());
    }
  }

  /**
   * Completes once the job host of {@code slot} has the object stored (one its workers made):
   * a ref to it reached the driver inside a value.
   */
  public java.util.concurrent.CompletableFuture<byte[]> awaitStored(long id, int slot) {
    JobSlot job = bySlot.get(slot);
    if (job == null || !job.host().isOpen()) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IOException("the node that"
          + " made it (slot " + slot + ") is gone"));
    }
    return job.host().request(JobMessages.AWAIT,
        ByteBuffer.allocate(Long.BYTES).putLong(id).array(), Duration.ofDays(365));
  }

  /** Copies an object from the job host of {@code slot} into the driver's store. */
  public void pull(long id, int slot) throws IOException {
    JobSlot job = bySlot.get(slot);
    if (job == null || !job.host().isOpen()) {
      throw new IOException("the node that held it (slot " + slot + ") is gone");
    }
    try {
      ObjectTransfer.copy(job.host(), id, id, false, runtime);
    } catch (IOException e) {
      if (!job.host().isOpen()) {
        // Its node is gone: the core hears so before this copy fails, and may make it again.
        lost(slot, "the connection to its job host closed");
      }
      throw e;
    }
  }

  private byte[] settled(Peer from, byte[] payload) {
    JobMessages.Settled message = JobMessages.Settled.decode(payload);
    listener.settled(slotOf(from), message.id(), message.errorClass(), message.error());
    return null;
  }

  private byte[] forwarded(Peer from, byte[] payload) {
    JobMessages.ActorCall message = JobMessages.ActorCall.decode(payload);
    listener.forwarded(slotOf(from), message.actorId(), message.call().spec());
    return null;
  }

  private byte[] killForwarded(Peer from, byte[] payload) {
    runtime.forwardedKill(ByteBuffer.wrap(payload).getLong());
    return null;
  }

  /** A job host copied a result this driver lent it: the driver's copy goes. */
  private byte[] lentReleased(Peer from, byte[] payload) {
    int slot = slotOf(from);
    long[] ids = java.util.Arrays.stream(JobMessages.Release.decode(payload).ids())
        .filter(id -> lent.remove(id, slot)).toArray();
    runtime.deleteLentCopies(ids);
    return null;
  }

  /**
   * Tells the job host of {@code toSlot} how a call it forwarded ended; a result at slot 0 is a
   * detached actor's, copied into this driver's store, and lent until that job host releases it.
   */
  public void tellForwarded(int toSlot, long id, int atSlot, String errorClass, String error) {
    JobSlot job = bySlot.get(toSlot);
    if (atSlot == 0 && errorClass == null) {
      lent.put(id, toSlot);
    }
    if (job != null && job.host().isOpen()) {
      job.host().send(JobMessages.FORWARDED_SETTLED,
          new JobMessages.ForwardedSettled(id, atSlot, errorClass, error).encode());
    }
  }

  /**
   * A detached actor's call settled in its host, under the host's own id: the result is copied
   * home under the call's id and released there, then the core hears of it.
   */
  private byte[] detachedSettled(Peer from, byte[] payload) {
    JobMessages.SettledAs settled = JobMessages.SettledAs.decode(payload);
    int slot = slotOf(from);
    copier.execute(() -> {
      String errorClass = settled.errorClass();
      String error = settled.error();
      if (errorClass == null) {
        try {
          ObjectTransfer.copy(from, settled.storedAs(), settled.id(), false, runtime);
        } catch (IOException e) {
          errorClass = io.jray.ObjectLostException.class.getName();
          error = "The result of a call to a detached actor could not be copied from its node: "
              + e.getMessage();
        }
      }
      if (settled.storedAs() != 0 && from.isOpen()) {
        from.send(JobMessages.RELEASE, new JobMessages.Release(new long[] {settled.storedAs()})
            .encode());
      }
      listener.settled(slot, settled.id(), errorClass, error);
    });
    return null;
  }

  private int slotOf(Peer host) {
    for (JobSlot job : bySlot.values()) {
      if (job.host() == host) {
        return job.slot();
      }
    }
    return -1;
  }

  /** The driver's jars, and its own objects (slot 0), for the job hosts that ask. */
  private BlobSource.Blob open(int kind, String id) throws IOException {
    if (kind == BlobSource.JAR) {
      Path jar = classPath.files().get(id);
      return jar == null ? null : BlobSource.ofFile(jar);
    }
    return ObjectTransfer.blobOf(runtime, id); // read from the store in place
  }

  private void disconnected(Peer peer) {
    if (closing) {
      return; // the driver leaves: its own connections close
    }
    int slot = slotOf(peer);
    if (slot > 0) {
      lost(slot, "the connection to its job host closed");
    }
  }

  private void nodeGone(String nodeId) {
    if (closing) {
      return;
    }
    JobSlot job = byNode.get(nodeId);
    if (job != null) {
      lost(job.slot(), "node " + job.node().address() + " left the cluster");
    }
  }

  private void lost(int slot, String why) {
    long[] orphans = lent.entrySet().stream().filter(entry -> entry.getValue() == slot)
        .mapToLong(Map.Entry::getKey).filter(id -> lent.remove(id, slot)).toArray();
    runtime.deleteLentCopies(orphans); // results of calls its workers made, copied for it
    JobSlot job = bySlot.remove(slot);
    if (job != null) {
      byNode.remove(job.node().nodeId(), job);
      detachedByAddress.remove(job.address(), job);
      job.host().close();
      listener.slotLost(slot, why);
    }
  }

  /** Leaves the cluster: the job hosts see the connections close and end the job there. */
  @Override
  public void close() {
    closing = true;
    joiner.shutdownNow();
    copier.shutdownNow();
    data.close();
    cluster.close();
  }
}
