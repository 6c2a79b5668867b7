package io.jray.internal.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * A blob this side is fetching: chunks land in buffers the reader fills, and one pool thread at
 * a time hands them to the sink in order, then grants the sender credit for them (a quarter of
 * the window at a time, so credits cost few frames and wake-ups). The buffers
 * come from a pool of the fetch's own, {@code window / CHUNK_BYTES} at most, since the sender
 * sends no more than the credit it holds.
 */
final class IncomingFetch {
  final long id;
  final int kind;
  final String blobId;
  final CompletableFuture<Long> result = new CompletableFuture<>();
  private final BlobSink sink;
  private final Executor executor;
  private final Peer peer;
  /** Guarded by this: what the reader has handed over and the drain has not taken. */
  private final ArrayDeque<Object> ready = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private boolean draining;
  /** Buffers handed to the reader and not yet back: the window's worth at most. */
  private int lent;
  private final int maxLent;
  /** Bytes the sink took that the sender has not been told of yet (the drain's own). */
  private int owed;
  private final int creditBatch;
  private volatile long size = -1;
  /** Bytes the reader has received (reader thread only). */
  private long received;
  private volatile long delivered;
  ScheduledFuture<?> deadline;

  IncomingFetch(long id, int kind, String blobId, BlobSink sink, Executor executor, Peer peer,
      int window) {
    this.maxLent = Math.max(1, window / Frames.CHUNK_BYTES);
    this.creditBatch = Math.max(Frames.CHUNK_BYTES, maxLent / 4 * Frames.CHUNK_BYTES);
    this.id = id;
    this.kind = kind;
    this.blobId = blobId;
    this.sink = sink;
    this.executor = executor;
    this.peer = peer;
  }

  /** On the reader: the sender says how large the blob is. */
  void size(long bytes) {
    size = bytes;
    hand(bytes);
  }

  /** On the reader: a buffer for the next chunk of {@code bytes}, or null if over credit. */
  synchronized ByteBuffer buffer(int bytes) {
    if (size < 0 || received + bytes > size || bytes > Frames.CHUNK_BYTES || lent == maxLent) {
      return null;
    }
    lent++;
    ByteBuffer buffer = free.poll();
    if (buffer == null) {
      buffer = ByteBuffer.allocateDirect(Frames.CHUNK_BYTES);
    }
    buffer.clear().limit(bytes);
    return buffer;
  }

  /** On the reader: the buffer holds the chunk now. */
  void chunk(ByteBuffer buffer) {
    received += buffer.limit();
    hand(buffer.flip());
  }

  private void hand(Object item) {
    boolean start;
    synchronized (this) {
      ready.add(item);
      start = !draining;
      draining = true;
    }
    if (start) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) { // the pool is shut down: the side is closing
        result.completeExceptionally(e);
      }
    }
  }

  private void drain() {
    while (true) {
      Object item;
      synchronized (this) {
        item = ready.poll();
        if (item == null || result.isDone()) {
          draining = false;
          ready.clear();
          return;
        }
      }
      try {
        if (item instanceof Long bytes) {
          sink.begin(bytes);
        } else {
          ByteBuffer buffer = (ByteBuffer) item;
          int count = buffer.remaining();
          sink.chunk(buffer);
          delivered += count;
          synchronized (this) {
            free.add(buffer);
            lent--;
          }
          owed += count;
          if (delivered < size && owed >= creditBatch) { // one CREDIT per quarter window
            peer.credit(id, owed);
            owed = 0;
          }
        }
        if (delivered == size) {
          peer.fetchDone(this);
          result.complete(size);
        }
      } catch (Exception | Error e) {
        peer.fetchFailed(this, new DataPlaneException("The sink of " + describe() + " failed: "
            + e, e), true);
      }
    }
  }

  /** What this fetch is, for messages: which blob, from whom, how far it got. */
  String describe() {
    return "the fetch of blob " + kind + "/" + blobId + " from " + peer + " ("
        + delivered + " of " + (size < 0 ? "?" : String.valueOf(size)) + " bytes received)";
  }
}
