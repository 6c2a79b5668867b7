package io.jray.internal.store;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An object read from the {@link ObjectStore}. Close it once its data is no longer read: a large
 * object's file may then be reused for another object when this one is freed (see
 * {@link ReaderLeases}). One left open only keeps its file from being reused.
 */
public final class StoredObject implements AutoCloseable {
  private static final Runnable NOTHING = () -> { };

  private final byte flags;
  private final ByteBuffer data;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param flags the caller's tag given to {@code put}
   * @param data read-only, positioned at 0, limit = the object's size; a heap copy for small
   *     objects, a mapping of the object's own file for large ones (the file's memory stays alive
   *     while this buffer is reachable)
   */
  public StoredObject(byte flags, ByteBuffer data) {
    this(flags, data, NOTHING);
  }

  StoredObject(byte flags, ByteBuffer data, Runnable release) {
    this.flags = flags;
    this.data = data;
    this.release = release;
  }

  public byte flags() {
    return flags;
  }

  public ByteBuffer data() {
    return data;
  }

  /** Says that data is no longer read. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
