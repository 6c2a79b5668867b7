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
  private long size = -1; // guarded by this
  private Future<?> fetch;

  /** The fetch feeding this relay: a writer waiting for a chunk stops when it fails. */
  void feeding(Future<?> fetch) {
    this.fetch = fetch;
  }

  /** The object's size, its flags byte included: one the store can hold, or the fetch fails. */
  @Override
  public synchronized void begin(long bytes) throws IOException {
    if (bytes < 1 || bytes - 1 > Integer.MAX_VALUE) {
      throw new IOException("the object has a size the store cannot hold: " + bytes + " bytes");
    }
    size = bytes;
  }

  /** The object's bytes after its flags byte; known once {@link #firstByte} has returned. */
  synchronized int length() {
    return (int) (size - 1);
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

  /** Writes the next {@code length} bytes to {@code out} as their chunks arrive. */
  synchronized void drainTo(java.nio.channels.WritableByteChannel out, long length)
      throws IOException {
    long left = length;
    while (left > 0) {
      ByteBuffer chunk = next();
      ByteBuffer part = chunk;
      if (chunk.remaining() > left) {
        part = chunk.duplicate();
        part.limit(part.position() + (int) left);
      }
      int count = part.remaining();
      while (part.hasRemaining()) {
        out.write(part);
      }
      if (part != chunk) {
        chunk.position(part.position());
      }
      left -= count;
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
