package io.jray.internal.cluster;

import io.jray.internal.net.BlobSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;

/**
 * Hands a fetched object's chunks, one at a time, from the fetch's thread to the thread that
 * writes them into the store, so an object goes from the network straight into its place in the
 * store, never whole on the heap. The fetch's thread waits in {@link #chunk} until its chunk is
 * copied; meanwhile the fetch grants the sender no more credit, which bounds what is in flight.
 */
final class ChunkRelay implements BlobSink {
  /** How often a waiting writer looks whether the fetch failed (it then hands over nothing). */
  private static final long CHECK_MILLIS = 100;

  private ByteBuffer current; // guarded by this
  private boolean abandoned; // guarded by this
  private Future<?> fetch;

  /** The fetch feeding this relay: a writer waiting for a chunk stops when it fails. */
  void feeding(Future<?> fetch) {
    this.fetch = fetch;
  }

  @Override
  public synchronized void chunk(ByteBuffer bytes) throws IOException {
    if (abandoned) {
      throw new IOException("the copy into the store stopped");
    }
    current = bytes;
    notifyAll();
    try {
      while (current == bytes && !abandoned) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the store took a chunk", e);
    } finally {
      if (current == bytes) {
        current = null; // not taken: the buffer goes back to the fetch
      }
    }
    if (abandoned && bytes.hasRemaining()) {
      throw new IOException("the copy into the store stopped");
    }
  }

  /** The object's first byte (its flags), once it arrives. */
  synchronized byte firstByte() throws IOException {
    ByteBuffer chunk = next();
    byte first = chunk.get();
    releaseIfEmpty();
    return first;
  }

  /** Fills {@code target} from the chunks as they arrive. */
  synchronized void fill(ByteBuffer target) throws IOException {
    while (target.hasRemaining()) {
      ByteBuffer chunk = next();
      if (chunk.remaining() > target.remaining()) {
        ByteBuffer part = chunk.duplicate();
        part.limit(part.position() + target.remaining());
        target.put(part);
        chunk.position(part.position());
      } else {
        target.put(chunk);
      }
      releaseIfEmpty();
    }
  }

  /** The writer stops: a fetch thread waiting, or coming, fails its chunk. */
  synchronized void abandon() {
    abandoned = true;
    notifyAll();
  }

  private ByteBuffer next() throws IOException {
    try {
      while (current == null) {
        if (fetch.isDone()) {
          throw new IOException("the fetch ended before the object's last byte");
        }
        wait(CHECK_MILLIS);
      }
      return current;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the object's bytes", e);
    }
  }

  private void releaseIfEmpty() {
    if (!current.hasRemaining()) {
      current = null;
      notifyAll();
    }
  }

}
