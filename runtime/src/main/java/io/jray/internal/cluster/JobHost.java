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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node's runtime for one driver's job: the store, core and workers a driver runs on one
 * machine ({@link DriverRuntime#startJobHost}), driven over the data plane by the driver, its
 * owner. It runs the tasks the owner sends, copying in from their places the objects they need,
 * tells the owner when each result settles, serves its objects to peers, and ends when the owner's
 * connection does.
 */
public final class JobHost implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final DriverRuntime runtime;
  private final DataServer server;
  private final DataClient client;
  /** Where each slot of the job serves its objects (0, the driver, is the owner's connection). */
  private final Map<Integer, String> places = new ConcurrentHashMap<>();
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Peer owner;

  private JobHost(DriverRuntime runtime, ClusterToken token, String bindIp) {
    this.runtime = runtime;
    NetOptions options = NetOptions.builder(token.secret())
        .name("job host " + ProcessHandle.current().pid())
        .on(JobMessages.EXECUTE, MessageHandler.sync(this::execute))
        .on(JobMessages.ACTOR_CREATE, MessageHandler.sync(this::createActor))
        .on(JobMessages.ACTOR_CALL, MessageHandler.sync(this::callActor))
        .on(JobMessages.ACTOR_KILL, MessageHandler.sync(this::killActor))
        .on(JobMessages.CANCEL, MessageHandler.sync(this::cancel))
        .on(JobMessages.FORWARDED_SETTLED, MessageHandler.sync(this::forwardedSettled))
        .on(JobMessages.RELEASE, MessageHandler.sync(this::release))
        .on(JobMessages.HOLD, MessageHandler.sync(this::hold))
        .on(JobMessages.PEERS, MessageHandler.sync(this::peers))
        .on(JobMessages.AWAIT, this::await)
        .blobs(this::open)
        .onDisconnect(this::disconnected)
        .build();
    this.server = ObjectTransfer.listen(bindIp, options);
    this.client = new DataClient(options);
    runtime.forwardUnknownActorCalls(new DriverRuntime.CallForwarder() {
      @Override
      public void forward(long actorId, io.jray.internal.protocol.TaskSpec call) {
        JobHost.this.forward(actorId, call);
      }

      @Override
      public void kill(long actorId) {
        Peer to = owner;
        if (to != null && to.isOpen()) {
          to.send(JobMessages.KILL_FORWARD,
              ByteBuffer.allocate(Long.BYTES).putLong(actorId).array());
        }
      }
    });
  }

  /** A worker here called an actor that lives elsewhere: the owner knows where. */
  private void forward(long actorId, io.jray.internal.protocol.TaskSpec call) {
    Peer to = owner;
    if (to == null || !to.isOpen()) {
      runtime.forwardedSettled(call.taskId(), RayException.class.getName(), "The call "
          + call.displayName() + " cannot reach its actor: this node has lost its driver.");
      return;
    }
    to.send(JobMessages.ACTOR_FORWARD, new JobMessages.ActorCall(actorId,
        new JobMessages.Execute(call, new long[0], new int[0]), Map.of()).encode());
  }

  /**
   * A call this job host forwarded ended: its result is copied here from where the actor
   * stored it (the driver, for a detached actor's), then released there.
   */
  private byte[] forwardedSettled(Peer from, byte[] payload) {
    JobMessages.ForwardedSettled settled = JobMessages.ForwardedSettled.decode(payload);
    if (settled.errorClass() != null) {
      runtime.forwardedSettled(settled.id(), settled.errorClass(), settled.error());
      return null;
    }
    try {
      Peer holder = settled.slot() == 0 ? owner : peerOf(settled.slot());
      ObjectTransfer.copy(holder, settled.id(), settled.id(), false, runtime);
      holder.send(JobMessages.RELEASE, new JobMessages.Release(new long[] {settled.id()})
          .encode());
      runtime.forwardedSettled(settled.id(), null, null);
    } catch (IOException | RuntimeException e) {
      runtime.forwardedSettled(settled.id(), io.jray.ObjectLostException.class.getName(),
          "The result of a call to an actor on another node could not be copied here: "
              + e.getMessage());
    }
    return null;
  }

  /**
   * Starts the runtime of {@code slot} of job {@code jobId} on node {@code nodeId}, and listens
   * on {@code bindIp} for its owner.
   */
  public static JobHost start(ClusterToken token, String bindIp, int slot, String jobId,
      String nodeId, RayConfig config) {
    DriverRuntime runtime = DriverRuntime.startJobHost(config, slot, jobId, nodeId);
    try {
      return new JobHost(runtime, token, bindIp);
    } catch (RuntimeException e) {
      runtime.shutdown();
      throw e;
    }
  }

  /** Where the owner and peers reach this job host, "ip:port". */
  public String address() {
    InetSocketAddress address = server.address();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Blocks until the owner's connection ends or the deadline for its first message passes. */
  public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
    return ended.await(timeout, unit);
  }

  /** What this job host's work holds now, by resource. */
  public Map<String, Double> resourcesInUse() {
    return runtime.resourcesInUse();
  }

  /** Whether the owner has said anything yet. */
  public boolean ownerKnown() {
    return owner != null;
  }

  private byte[] execute(Peer from, byte[] payload) {
    owner = from;
    JobMessages.Execute message = JobMessages.Execute.decode(payload);
    run(from, message, () -> runtime.runForOwner(message.spec(),
        object -> copy(object, message.slotOf(object))));
    return null;
  }

  private byte[] callActor(Peer from, byte[] payload) {
    owner = from;
    JobMessages.ActorCall message = JobMessages.ActorCall.decode(payload);
    JobMessages.Execute call = message.call();
    run(from, call, () -> runtime.callActorForOwner(message.actorId(), call.spec(),
        object -> copy(object, call.slotOf(object))));
    return null;
  }

  private byte[] createActor(Peer from, byte[] payload) {
    owner = from;
    JobMessages.CreateActor message = JobMessages.CreateActor.decode(payload);
    JobMessages.Execute creation = message.creation();
    try {
      runtime.createActorForOwner(message.className(), message.maxRestarts(),
          message.maxTaskRetries(), message.maxConcurrency(), message.groupThreads(),
          message.isolated(), creation.spec(),
          object -> copy(object, creation.slotOf(object)));
    } catch (IOException | RuntimeException e) {
      // Its calls find no actor here and fail, each saying it is not known.
      Log.warn("Actor {} could not be created on this node: {}", message.className(),
          e.getMessage());
    }
    return null;
  }

  private byte[] killActor(Peer from, byte[] payload) {
    runtime.killActorForOwner(ByteBuffer.wrap(payload).getLong());
    return null;
  }

  /**
   * The driver cancelled a task that runs here: it is cancelled here as asked (which frees what
   * it holds on this node), and its result, held for the driver, is released.
   */
  private byte[] cancel(Peer from, byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    long id = in.getLong();
    boolean force = in.get() != 0;
    boolean recursive = in.get() != 0;
    runtime.cancel(id, force, recursive);
    runtime.releasedByOwner(new long[] {id});
    return null;
  }

  /** What starts a task or call in the runtime; it may copy objects in first. */
  @FunctionalInterface
  private interface Start {
    void run() throws IOException;
  }

  /** Starts a task or actor call, and tells its owner once its result settles. */
  private void run(Peer from, JobMessages.Execute message, Start start) {
    long id = message.spec().taskId();
    try {
      start.run();
    } catch (IOException | RuntimeException e) {
      // The task never reached the core: its owner hears so, rather than wait for it.
      from.send(JobMessages.SETTLED, new JobMessages.Settled(id, RayException.class.getName(),
          "Task " + message.spec().displayName() + " could not start on this node: "
              + e.getMessage()).encode());
      return;
    }
    runtime.whenSettled(id).whenComplete((stored, failure) -> {
      JobMessages.Settled settled = failure == null ? new JobMessages.Settled(id, null, null)
          : new JobMessages.Settled(id, failure.getClass().getName(),
              String.valueOf(failure.getMessage()));
      if (from.isOpen()) {
        from.send(JobMessages.SETTLED, settled.encode());
      }
    });
  }

  /** Answers once an object made here (by a worker's nested task, say) is stored. */
  private java.util.concurrent.CompletionStage<byte[]> await(Peer from, byte[] payload) {
    long id = ByteBuffer.wrap(payload).getLong();
    return runtime.whenSettled(id).thenApply(stored -> null);
  }

  private byte[] release(Peer from, byte[] payload) {
    runtime.releasedByOwner(JobMessages.Release.decode(payload).ids());
    return null;
  }

  private byte[] hold(Peer from, byte[] payload) {
    runtime.heldByOwner(JobMessages.Release.decode(payload).ids());
    return null;
  }

  private byte[] peers(Peer from, byte[] payload) {
    owner = from; // only the driver says where the job's slots are: it is known from now on
    places.putAll(JobMessages.Peers.decode(payload).addresses());
    return null;
  }

  /**
   * Copies an object from the slot that serves it into this store, whole. One that slot's own
   * workers make (a nested task's result) is waited for there first: it may not be stored yet.
   */
  private void copy(long id, int slot) throws IOException {
    if (slot < 0) {
      return; // an actor handle's id: no object
    }
    Peer source = slot == 0 ? owner : peerOf(slot);
    ObjectTransfer.copy(source, id, id, slot > 0 && slot == ObjectIds.slotOf(id), runtime);
  }

  private Peer peerOf(int slot) {
    String address = places.get(slot);
    if (address == null) {
      throw new RayException("No place is known for the objects of slot " + slot + " of this job");
    }
    return peers.compute(address, (key, known) -> known != null && known.isOpen() ? known
        : client.connect(Addresses.parse(key), CONNECT_TIMEOUT));
  }

  private BlobSource.Blob open(int kind, String hexId) {
    return kind == BlobSource.OBJECT ? ObjectTransfer.blobOf(runtime, hexId) : null;
  }

  private void disconnected(Peer peer) {
    if (peer == owner) {
      Log.info("The driver of this job host ({}) is gone: the job ends", peer.name());
      ended.countDown();
    }
    peers.values().remove(peer);
  }

  /** Ends the job here: its workers, its store, its connections. */
  @Override
  public void close() {
    ended.countDown();
    server.close();
    client.close();
    runtime.shutdown();
  }
}
