package io.jray.internal;

import io.jray.internal.store.StoredObject;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A wait for an object to be stored that may bring a copy of its value: a small result's bytes
 * travel in its process's TASK_DONE too, so that the driver's get reads them from here rather
 * than from the shared store (as Ray's owner keeps small returns in its own memory). The copy
 * lives only as long as the waits that hold this future.
 */
public final class ObjectReady extends CompletableFuture<Void> {
  private volatile byte[] value;

  /** The object is stored; {@code value} is a copy of its value's bytes, or null. */
  public void arrive(byte[] value) {
    this.value = value;
    complete(null);
  }

  /** The value that came with {@code ready}, if it is an {@link ObjectReady} that brought one. */
  public static StoredObject copyOf(CompletableFuture<?> ready) {
    return ready instanceof ObjectReady arrival ? copyOf(arrival.value) : null;
  }

  /** A stored value's copied bytes, read as the store's object would be; null for null. */
  public static StoredObject copyOf(byte[] value) {
    return value == null ? null
        : new StoredObject(StoredValues.VALUE, ByteBuffer.wrap(value).asReadOnlyBuffer());
  }
}
