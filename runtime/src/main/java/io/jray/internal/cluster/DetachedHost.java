package io.jray.internal.cluster;

import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataClient;
import io.jray.internal.net.DataServer;
import io.jray.internal.net.MessageHandler;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.Peer;
import io.jray.internal.protocol.TaskSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's host of detached actors: a runtime like a job host's, but no driver's. The node
 * starts it when a driver first creates a detached actor there (one per class path), and it ends
 * only with the node; any driver of the cluster creates, calls and kills its actors.
 *
 * <p>Two drivers' ids may be equal (each driver's job is its own id space), so this host keeps
 * everything under ids of its own: a call's ref arguments are copied in under fresh ids, the call
 * runs under a fresh id, and the caller hears that id ({@link JobMessages#DETACHED_SETTLED}),
 * copies the result home and releases it here. A ref inside another argument's value is renamed
 * too: the value is decoded with its refs given their new ids and encoded again (this host runs
 * on the caller's class path), unless it is a value large enough to travel through the store.
 */
public final class DetachedHost implements AutoCloseable {
  /** The slot of a detached host's ids: no driver gives a job host this one. */
  public static final int SLOT = ObjectIds.MAX_SLOTS - 1;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final DriverRuntime runtime;
  private final DataServer server;
  private final DataClient client;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  /** Results each caller has not released yet: released for it when its connection ends. */
  private final Map<Peer, Set<Long>> held = new ConcurrentHashMap<>();

  private DetachedHost(DriverRuntime runtime, ClusterToken token, String bindIp) {
    this.runtime = runtime;
    NetOptions options = NetOptions.builder(token.secret())
        .name("detached host " + ProcessHandle.current().pid())
        .on(JobMessages.DETACHED_CREATE, MessageHandler.sync(this::create))
        .on(JobMessages.DETACHED_CALL, MessageHandler.sync(this::call))
        .on(JobMessages.RELEASE, MessageHandler.sync(this::release))
        .on(JobMessages.ACTOR_KILL, MessageHandler.sync(this::kill))
        .blobs((kind, hexId) -> kind == BlobSource.OBJECT
            ? ObjectTransfer.blobOf(runtime, hexId) : null)
        .onDisconnect(this::disconnected)
        .build();
    this.server = ObjectTransfer.listen(bindIp, options);
    this.client = new DataClient(options);
  }

  /** Starts the runtime for the detached actors of node {@code nodeId}, listening on bindIp. */
  public static DetachedHost start(ClusterToken token, String bindIp, String nodeId,
      RayConfig config) {
    DriverRuntime runtime = DriverRuntime.startJobHost(config, SLOT, "detached", nodeId);
    try {
      return new DetachedHost(runtime, token, bindIp);
    } catch (RuntimeException e) {
      runtime.shutdown();
      throw e;
    }
  }

  /** What this host's actors hold now, by resource. */
  public Map<String, Double> resourcesInUse() {
    return runtime.resourcesInUse();
  }

  /** Where drivers reach this host, "ip:port". */
  public String address() {
    InetSocketAddress address = server.address();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Creates an actor; the reply is its id here, by which drivers call and kill it. */
  private byte[] create(Peer from, byte[] payload) throws IOException {
    JobMessages.CreateActor message = JobMessages.CreateActor.decode(payload);
    long actorId = runtime.newObjectId();
    Localized creation = localize(from, message.creation(), message.addresses(), actorId);
    runtime.createActorForOwner(message.className(), message.maxRestarts(),
        message.maxTaskRetries(), message.maxConcurrency(), message.groupThreads(),
        message.isolated(), creation.spec(), creation::copy);
    Log.info("Detached actor {} ({}) created here", message.className(), ObjectIds.hex(actorId));
    return ByteBuffer.allocate(Long.BYTES).putLong(actorId).array();
  }

  /** Queues a call, and tells the caller under which id its result is stored once it is. */
  private byte[] call(Peer from, byte[] payload) {
    JobMessages.ActorCall message = JobMessages.ActorCall.decode(payload);
    long callerId = message.call().spec().taskId();
    long resultId = runtime.newObjectId();
    try {
      Localized call = localize(from, message.call(), message.addresses(), resultId);
      held.computeIfAbsent(from, peer -> ConcurrentHashMap.newKeySet()).add(resultId);
      runtime.callActorForOwner(message.actorId(), call.spec(), call::copy);
    } catch (IOException | RuntimeException e) {
      from.send(JobMessages.DETACHED_SETTLED, new JobMessages.SettledAs(callerId, 0,
          RayException.class.getName(), "The call " + message.call().spec().displayName()
              + " could not reach its detached actor: " + e.getMessage()).encode());
      return null;
    }
    runtime.whenSettled(resultId).whenComplete((stored, failure) -> {
      JobMessages.SettledAs settled = failure == null
          ? new JobMessages.SettledAs(callerId, resultId, null, null)
          : new JobMessages.SettledAs(callerId, resultId, failure.getClass().getName(),
              String.valueOf(failure.getMessage()));
      if (from.isOpen()) {
        from.send(JobMessages.DETACHED_SETTLED, settled.encode());
      }
    });
    return null;
  }

  private byte[] release(Peer from, byte[] payload) {
    long[] ids = JobMessages.Release.decode(payload).ids();
    Set<Long> mine = held.get(from);
    if (mine != null) {
      for (long id : ids) {
        mine.remove(id);
      }
    }
    runtime.releasedByOwner(ids);
    return null;
  }

  private byte[] kill(Peer from, byte[] payload) {
    runtime.killActorForOwner(ByteBuffer.wrap(payload).getLong());
    return null;
  }

  /** A caller left: the results it did not release are its no more. */
  private void disconnected(Peer peer) {
    peers.values().remove(peer);
    Set<Long> mine = held.remove(peer);
    if (mine != null && !mine.isEmpty()) {
      runtime.releasedByOwner(mine.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /**
   * The spec under this host's ids: {@code newId} for its own, a fresh id for each ref argument,
   * whose copy {@link Localized#copy} makes from where the caller said it is.
   */
  private Localized localize(Peer from, JobMessages.Execute message,
      Map<Integer, String> addresses, long newId) {
    TaskSpec spec = message.spec();
    long[] argRefs = spec.argRefs().clone();
    Map<Long, Long> origins = new HashMap<>();
    for (int i = 0; i < argRefs.length; i++) {
      if (spec.isRef(i)) {
        long local = runtime.newObjectId();
        origins.put(local, argRefs[i]);
        argRefs[i] = local;
      }
    }
    byte[][] values = spec.argValues();
    long[] nested = spec.nestedRefs().clone();
    if (nested.length > 0) {
      Map<Long, Long> renames = new HashMap<>();
      for (int i = 0; i < nested.length; i++) {
        long local = renames.computeIfAbsent(nested[i], id -> runtime.newObjectId());
        origins.put(local, nested[i]);
        nested[i] = local;
      }
      values = values.clone();
      java.util.Set<Long> written = new java.util.HashSet<>();
      for (int i = 0; i < values.length; i++) {
        if (!spec.isRef(i)) {
          values[i] = runtime.renameRefs(values[i], renames, written);
        }
      }
      if (!written.containsAll(renames.values())) {
        throw new RayException("a detached actor's call takes an ObjectRef inside a value only"
            + " if that value is small enough to travel with the call; pass the refs inside a"
            + " large value as arguments of their own (" + spec.displayName() + ")");
      }
    }
    TaskSpec local = new TaskSpec(newId, spec.functionId(), spec.displayName(),
        spec.maxRetries(), spec.retryExceptions(), values, argRefs, nested,
        spec.resources(), spec.gpuIds());
    return new Localized(local, origins, message, addresses, from);
  }

  /** A spec under this host's ids, and where each of its ref arguments comes from. */
  private final class Localized {
    private final TaskSpec spec;
    private final Map<Long, Long> origins;
    private final JobMessages.Execute message;
    private final Map<Integer, String> addresses;
    private final Peer caller;

    Localized(TaskSpec spec, Map<Long, Long> origins, JobMessages.Execute message,
        Map<Integer, String> addresses, Peer caller) {
      this.spec = spec;
      this.origins = origins;
      this.message = message;
      this.addresses = addresses;
      this.caller = caller;
    }

    TaskSpec spec() {
      return spec;
    }

    /** Copies the argument this host calls {@code local} from where its caller keeps it. */
    void copy(long local) throws IOException {
      long origin = origins.get(local);
      int slot = message.slotOf(origin);
      Peer source = slot == 0 ? caller : peerAt(slot);
      ObjectTransfer.copy(source, origin, local, slot > 0 && slot == ObjectIds.slotOf(origin),
          runtime);
    }

    private Peer peerAt(int slot) {
      String address = addresses.get(slot);
      if (address == null) {
        throw new RayException("the caller named no place for its slot " + slot);
      }
      return peers.compute(address, (key, known) -> known != null && known.isOpen() ? known
          : client.connect(Addresses.parse(key), CONNECT_TIMEOUT));
    }
  }

  /** Ends the host: its actors, its workers, its store. */
  @Override
  public void close() {
    server.close();
    client.close();
    runtime.shutdown();
  }
}
