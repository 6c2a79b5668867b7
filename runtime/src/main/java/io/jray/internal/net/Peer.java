package io.jray.internal.net;

import io.jray.internal.Log;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated connection, seen from either end: both may send messages, make requests and
 * fetch blobs, and each answers with its own {@link NetOptions}. Two threads serve it: a reader
 * ({@code jray-net-read-<peer>}) and a writer ({@code jray-net-write-<peer>}, see
 * {@link Outbound}); handlers and sinks run on the side's pool.
 *
 * <p>Every wait ends: a request or fetch fails at its deadline, at once when the peer answers
 * with an error or lacks the blob, and with a {@link PeerLostException} naming it when the
 * connection ends.
 */
public final class Peer implements AutoCloseable {
  private final SocketChannel channel;
  private final String name;
  private final InetSocketAddress address;
  private final Endpoint endpoint;
  private final Outbound out;
  private final Dispatch dispatch;
  private final Map<Long, PendingRequest> requests = new ConcurrentHashMap<>();
  private final Map<Long, IncomingFetch> fetches = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closing;
  private volatile Throwable endCause;
  private Thread reader;
  private Thread writer;
  private volatile java.util.concurrent.ScheduledFuture<?> stallCheck;

  Peer(SocketChannel channel, String name, Endpoint endpoint) throws IOException {
    this.channel = channel;
    this.name = name;
    this.address = (InetSocketAddress) channel.getRemoteAddress();
    this.endpoint = endpoint;
    this.out = new Outbound(channel, toString(), endpoint.options.maxQueuedBytes, this::end);
    this.dispatch = new Dispatch(this, endpoint);
  }

  /** Starts the writer, and the reader unless the calling thread is to become it. */
  void start(boolean readOnThisThread) {
    if (ended.get()) {
      return;
    }
    writer = endpoint.thread("jray-net-write-" + name, this::write);
    writer.start();
    long every = Math.max(1, endpoint.options.sendTimeout.toMillis() / 4);
    stallCheck = endpoint.timer.scheduleWithFixedDelay(this::checkStall, every, every,
        TimeUnit.MILLISECONDS);
    if (readOnThisThread) {
      reader = Thread.currentThread();
      reader.setName("jray-net-read-" + name);
    } else {
      reader = endpoint.thread("jray-net-read-" + name, this::readHere);
      reader.start();
    }
  }

  /** The name the peer gave in its handshake. */
  public String name() {
    return name;
  }

  public InetSocketAddress address() {
    return address;
  }

  public boolean isOpen() {
    return !ended.get();
  }

  /**
   * Sends a one-way message; returns once it is queued. Waits for room up to the side's send
   * timeout if the peer does not read, then throws.
   */
  public void send(int type, byte[] payload) {
    checkSize(payload);
    try {
      out.send(Frames.message(type, payload), Outbound.nanosFrom(endpoint.options.sendTimeout));
    } catch (IOException e) {
      throw new DataPlaneException("Could not send message type " + type + " to " + this + ": "
          + why(e), e);
    }
  }

  /** Sends a request; the future completes with the reply, or fails by the deadline. */
  public CompletableFuture<byte[]> request(int type, byte[] payload, Duration timeout) {
    checkSize(payload);
    long id = ids.incrementAndGet();
    PendingRequest pending = new PendingRequest(id, type);
    if (ended.get()) {
      return CompletableFuture.failedFuture(lost(pending.describe(), endCause));
    }
    requests.put(id, pending);
    pending.deadline = endpoint.timer.schedule(() -> {
      if (requests.remove(id) != null) {
        pending.future.completeExceptionally(new DataPlaneException(this + " did not answer "
            + pending.describe() + " within " + timeout.toMillis() + " ms"));
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    pending.future.whenComplete((reply, error) -> pending.deadline.cancel(false));
    try {
      out.send(Frames.request(id, type, payload), Outbound.nanosFrom(timeout));
    } catch (IOException e) {
      if (requests.remove(id) != null) {
        pending.future.completeExceptionally(notSent(pending.describe(), e));
      }
    }
    if (ended.get() && requests.remove(id) != null) {
      pending.future.completeExceptionally(lost(pending.describe(), null));
    }
    return pending.future;
  }

  /**
   * Fetches a blob: the sink gets its bytes in order, and the future completes with its size
   * once the sink has taken them all. Fails at once with {@link BlobMissingException} when the
   * peer does not have it, at the deadline if it has not all arrived by then.
   */
  public CompletableFuture<Long> fetch(int kind, String id, BlobSink sink, Duration timeout) {
    long fetchId = ids.incrementAndGet();
    IncomingFetch fetch = new IncomingFetch(fetchId, kind, id, sink, endpoint.pool, this,
        endpoint.options.fetchWindow);
    if (ended.get()) {
      return CompletableFuture.failedFuture(lost(fetch.describe(), endCause));
    }
    fetches.put(fetchId, fetch);
    fetch.deadline = endpoint.timer.schedule(() -> fetchFailed(fetch, new DataPlaneException(
        fetch.describe() + " did not finish within " + timeout.toMillis() + " ms"), true),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
    fetch.result.whenComplete((size, error) -> fetch.deadline.cancel(false));
    try {
      out.send(Frames.fetch(fetchId, kind, endpoint.options.fetchWindow, id),
          Outbound.nanosFrom(timeout));
    } catch (IOException e) {
      fetchFailed(fetch, notSent(fetch.describe(), e), false);
    }
    if (ended.get()) {
      fetchFailed(fetch, lost(fetch.describe(), null), false);
    }
    return fetch.result;
  }

  /** For tests and metrics: bytes this side holds to send to the peer, now and at most. */
  public long bufferedBytes() {
    return out.bufferedBytes();
  }

  public long peakBufferedBytes() {
    return out.peakBufferedBytes();
  }

  /** Closes the connection: what waits on it fails, its threads end. */
  @Override
  public void close() {
    closing = true;
    end(null);
    join(writer);
    if (reader != Thread.currentThread()) {
      join(reader);
    }
  }

  @Override
  public String toString() {
    return name + " (" + address.getAddress().getHostAddress() + ":" + address.getPort() + ")";
  }

  // ---- called by Inbound (the reader), IncomingFetch and Dispatch ----

  Outbound out() {
    return out;
  }

  Dispatch dispatch() {
    return dispatch;
  }

  void replied(long id, byte[] reply, String error) {
    PendingRequest pending = requests.remove(id);
    if (pending == null) {
      return; // past its deadline
    }
    if (error == null) {
      pending.future.complete(reply);
    } else {
      pending.future.completeExceptionally(new DataPlaneException(this + " failed "
          + pending.describe() + ": " + error));
    }
  }

  IncomingFetch fetching(long id) {
    return fetches.get(id);
  }

  void credit(long id, int bytes) {
    try {
      out.sendNow(Frames.credit(id, bytes));
    } catch (IOException e) {
      // The connection ended: the fetch fails with the reason.
    }
  }

  void fetchDone(IncomingFetch fetch) {
    fetches.remove(fetch.id);
  }

  /** Fails a fetch once; tells the sender to stop if it may still be sending. */
  void fetchFailed(IncomingFetch fetch, RuntimeException error, boolean tellSender) {
    if (fetches.remove(fetch.id) == null) {
      return;
    }
    fetch.result.completeExceptionally(error);
    if (tellSender) {
      try {
        out.sendNow(Frames.cancel(fetch.id));
      } catch (IOException ignored) {
        // Closed: nothing is sent anyway.
      }
    }
  }

  /** The reader's loop, on the thread that calls it; returns when the connection ends. */
  void readHere() {
    try {
      new Inbound(channel, this).run();
      end(null);
    } catch (IOException | RuntimeException e) {
      end(e);
    }
  }

  /** A peer that takes no bytes for the send timeout is gone: the connection ends. */
  private void checkStall() {
    long stalled = out.writeStalledNanos();
    if (stalled > endpoint.options.sendTimeout.toNanos()) {
      end(new IOException("it took no bytes for " + TimeUnit.NANOSECONDS.toMillis(stalled)
          + " ms"));
    }
  }

  private void write() {
    try {
      out.run();
    } catch (IOException | RuntimeException e) {
      end(e);
    }
  }

  /** Ends the connection once: closes it, fails what waits on it, tells the side. */
  private void end(Throwable cause) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    endCause = cause;
    out.close();
    if (stallCheck != null) {
      stallCheck.cancel(false);
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already closing.
    }
    List<String> inFlight = new ArrayList<>();
    for (Long id : List.copyOf(requests.keySet())) {
      PendingRequest pending = requests.remove(id);
      if (pending != null) {
        inFlight.add(pending.describe());
        pending.future.completeExceptionally(lost(pending.describe(), cause));
      }
    }
    for (IncomingFetch fetch : List.copyOf(fetches.values())) {
      inFlight.add(fetch.describe());
      fetchFailed(fetch, lost(fetch.describe(), cause), false);
    }
    if (!closing) {
      Log.info("Data plane connection to {} ended{}{}", this,
          cause == null ? "" : ": " + cause, inFlight.isEmpty() ? "" : "; failed " + inFlight);
    }
    endpoint.disconnected(this);
  }

  /** Why a send failed: the connection's end if it ended, else the error itself. */
  private String why(IOException e) {
    Throwable cause = endCause;
    if (ended.get()) {
      return closing ? "the connection was closed on this side"
          : "the connection ended" + (cause == null ? "" : " (" + describe(cause) + ")");
    }
    return describe(e);
  }

  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** A request or fetch that could not be sent: the connection ended, or the peer reads not. */
  private DataPlaneException notSent(String what, IOException e) {
    return ended.get() ? lost(what, endCause != null ? endCause : e)
        : new DataPlaneException("Could not send " + what + ": " + describe(e), e);
  }

  private PeerLostException lost(String what, Throwable cause) {
    String why = closing ? "the connection was closed on this side"
        : cause == null ? "the peer closed the connection"
        : "the connection failed (" + describe(cause) + ")";
    return new PeerLostException("Lost " + what + ": " + why + " before it finished. "
        + "If the node " + name + " died, try another copy or make the value again;"
        + " otherwise connect again.", cause);
  }

  private static void checkSize(byte[] payload) {
    if (payload.length > NetOptions.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("A message of " + payload.length + " bytes is over the"
          + " limit of " + NetOptions.MAX_MESSAGE_BYTES + ": send large values as blobs");
    }
  }

  private static void join(Thread thread) {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A request waiting for its reply. */
  private final class PendingRequest {
    final long id;
    final int type;
    final CompletableFuture<byte[]> future = new CompletableFuture<>();
    java.util.concurrent.ScheduledFuture<?> deadline;

    PendingRequest(long id, int type) {
      this.id = id;
      this.type = type;
    }

    String describe() {
      return "request " + id + " (message type " + type + ") to " + Peer.this;
    }
  }
}
