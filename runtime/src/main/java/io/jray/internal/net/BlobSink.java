package io.jray.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a fetched blob's bytes go, in order, as they arrive: into the local store, say, without
 * first gathering the whole blob on the heap. Calls come one at a time from a pool thread (never
 * the connection's reader), so a slow sink slows only its own fetch: the sender sends no more of
 * it than the fetch's window until the sink has taken what came.
 */
public interface BlobSink {
  /** Called once, before any chunk, with the blob's size in bytes. */
  default void begin(long size) throws IOException {}

  /**
   * Takes the next chunk: the bytes between position and limit, valid only during this call
   * (the buffer is reused). A throw ends the fetch with that error and tells the sender to stop.
   */
  void chunk(ByteBuffer bytes) throws IOException;
}
