package io.jray.internal.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one side of the data plane behaves: the cluster token it proves it knows, the name it gives
 * peers, what it answers (message handlers by type, the blobs it serves) and its limits. The same
 * options serve a {@link DataServer} and a {@link DataClient}: a connection is symmetric once
 * established, so either end may send, request and fetch.
 */
public final class NetOptions {
  /** A message or reply may be at most this long; larger values travel as blobs. */
  public static final int MAX_MESSAGE_BYTES = 16 << 20;

  final byte[] token;
  final String name;
  final Map<Integer, MessageHandler> handlers;
  final BlobSource blobs;
  final Consumer<Peer> onConnect;
  final Consumer<Peer> onDisconnect;
  final InetAddress localAddress;
  final Duration helloDeadline;
  final Duration sendTimeout;
  final int maxQueuedBytes;
  final int fetchWindow;
  final int handlerThreads;

  private NetOptions(Builder b) {
    this.token = b.token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.name = b.name;
    this.handlers = Map.copyOf(b.handlers);
    this.blobs = b.blobs;
    this.onConnect = b.onConnect;
    this.onDisconnect = b.onDisconnect;
    this.localAddress = b.localAddress;
    this.helloDeadline = b.helloDeadline;
    this.sendTimeout = b.sendTimeout;
    this.maxQueuedBytes = b.maxQueuedBytes;
    this.fetchWindow = b.fetchWindow;
    this.handlerThreads = b.handlerThreads;
  }

  /** Options for a side that knows this cluster token (never sent over the wire). */
  public static Builder builder(String token) {
    return new Builder(token);
  }

  /** The name peers see for this side (a node id, say). */
  public String name() {
    return name;
  }

  public static final class Builder {
    private final String token;
    private String name = "jray";
    private final Map<Integer, MessageHandler> handlers = new HashMap<>();
    private BlobSource blobs = BlobSource.NONE;
    private Consumer<Peer> onConnect = peer -> { };
    private Consumer<Peer> onDisconnect = peer -> { };
    private InetAddress localAddress;
    private Duration helloDeadline = Duration.ofSeconds(5);
    private Duration sendTimeout = Duration.ofSeconds(30);
    private int maxQueuedBytes = 1 << 20;
    private int fetchWindow = 4 << 20;
    private int handlerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private Builder(String token) {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("The cluster token must not be empty");
      }
      this.token = token;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /** Handles messages and requests of this type (any int the two sides agree on). */
    public Builder on(int type, MessageHandler handler) {
      handlers.put(type, Objects.requireNonNull(handler));
      return this;
    }

    /** Like {@link #on}, for a handler that answers at once. */
    public Builder onSync(int type, MessageHandler.Sync handler) {
      return on(type, MessageHandler.sync(handler));
    }

    public Builder blobs(BlobSource blobs) {
      this.blobs = Objects.requireNonNull(blobs);
      return this;
    }

    /** Called (on the connection's reader thread) once a peer has passed the handshake. */
    public Builder onConnect(Consumer<Peer> listener) {
      this.onConnect = Objects.requireNonNull(listener);
      return this;
    }

    /** Called once when a connection ends, whoever ended it, after its calls have failed. */
    public Builder onDisconnect(Consumer<Peer> listener) {
      this.onDisconnect = Objects.requireNonNull(listener);
      return this;
    }

    /** The address a client's connections leave from (the node's own address); any if unset. */
    public Builder localAddress(InetAddress address) {
      this.localAddress = address;
      return this;
    }

    /** How long a peer may take for the whole handshake before it is dropped. */
    public Builder helloDeadline(Duration deadline) {
      this.helloDeadline = deadline;
      return this;
    }

    /** How long {@link Peer#send} waits for room when the peer does not read. */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = timeout;
      return this;
    }

    /** Bytes of messages a connection holds for its writer before senders wait. */
    public Builder maxQueuedBytes(int bytes) {
      this.maxQueuedBytes = bytes;
      return this;
    }

    /** Bytes of one fetch that may be in flight before its sink has taken them. */
    public Builder fetchWindow(int bytes) {
      this.fetchWindow = Math.max(bytes, Frames.CHUNK_BYTES);
      return this;
    }

    public Builder handlerThreads(int threads) {
      this.handlerThreads = threads;
      return this;
    }

    public NetOptions build() {
      return new NetOptions(this);
    }
  }
}
