package io.jray.internal.net;

import io.jray.internal.Log;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer's messages and requests through this side's handlers, one at a time and in the
 * order the peer sent them, on the side's pool; and opens the blobs it fetches. The reader hands
 * work over and goes on reading; it waits only when the handlers are {@link #BACKLOG_BYTES}
 * behind, so a peer that floods this side is slowed by TCP rather than growing a queue.
 */
final class Dispatch {
  static final int BACKLOG_BYTES = 32 << 20;

  private final Peer peer;
  private final Endpoint endpoint;
  private final Semaphore backlog = new Semaphore(BACKLOG_BYTES);
  /** Guarded by this. */
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  Dispatch(Peer peer, Endpoint endpoint) {
    this.peer = peer;
    this.endpoint = endpoint;
  }

  void message(int type, byte[] payload) throws IOException {
    MessageHandler handler = endpoint.options.handlers.get(type);
    if (handler == null) {
      Log.warn("No handler for message type {} from {}: dropped", type, peer);
      return;
    }
    enqueue(payload.length, () -> {
      CompletionStage<byte[]> done = handle(handler, payload);
      done.whenComplete((reply, error) -> {
        if (error != null) {
          Log.warn("The handler of message type {} from {} failed: {}", type, peer,
              error.toString());
        }
      });
    });
  }

  void request(long id, int type, byte[] payload) throws IOException {
    MessageHandler handler = endpoint.options.handlers.get(type);
    if (handler == null) {
      peer.out().sendNow(Frames.error(id, "it has no handler for message type " + type));
      return;
    }
    enqueue(payload.length, () -> handle(handler, payload).whenComplete((reply, error) -> {
      byte[] frame = error != null ? Frames.error(id, String.valueOf(unwrap(error)))
          : reply != null && reply.length > NetOptions.MAX_MESSAGE_BYTES
              ? Frames.error(id, "its handler of message type " + type + " made a reply of "
                  + reply.length + " bytes, over the limit of " + NetOptions.MAX_MESSAGE_BYTES
                  + ": send large values as blobs")
              : Frames.reply(id, reply == null ? new byte[0] : reply);
      try {
        peer.out().send(frame, Outbound.nanosFrom(endpoint.options.sendTimeout));
      } catch (IOException e) {
        Log.debug("The reply to {}'s request {} was not sent: {}", peer, id, e.toString());
      }
    }));
  }

  /** Opens the blob on the pool (a store lookup may take a moment) and starts sending it. */
  void fetch(long id, int kind, int window, String blobId) {
    endpoint.pool.execute(() -> {
      try {
        BlobSource.Blob blob = endpoint.options.blobs.open(kind, blobId);
        if (blob == null) {
          peer.out().sendNow(Frames.missing(id, true, "no such blob here"));
        } else {
          peer.out().startBlob(id, blob, window);
        }
      } catch (IOException | RuntimeException e) {
        try {
          peer.out().sendNow(Frames.missing(id, false, "opening it failed: " + e));
        } catch (IOException closed) {
          // The connection ended: the fetcher hears of that.
        }
      }
    });
  }

  private CompletionStage<byte[]> handle(MessageHandler handler, byte[] payload) {
    try {
      return handler.handle(peer, payload);
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  /** On the reader: waits while the handlers are far behind, then queues the work. */
  private void enqueue(int bytes, Runnable work) throws IOException {
    int permits = Math.max(1, Math.min(bytes, BACKLOG_BYTES));
    try {
      while (!backlog.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
        if (!peer.isOpen()) {
          throw new IOException("closed while waiting for this side's handlers");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for this side's handlers");
    }
    Runnable counted = () -> {
      try {
        work.run();
      } finally {
        backlog.release(permits);
      }
    };
    boolean start;
    synchronized (this) {
      queue.add(counted);
      start = !running;
      running = true;
    }
    if (start) {
      endpoint.pool.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        Log.warn("A handler for {} failed: {}", peer, e.toString());
      }
    }
  }
}
