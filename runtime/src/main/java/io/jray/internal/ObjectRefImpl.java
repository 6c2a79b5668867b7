package io.jray.internal;

import io.jray.ObjectRef;
import io.jray.internal.refs.LocalRefs;
import java.util.concurrent.CompletableFuture;

/**
 * A ref is only an id: the value lives in the store, and whichever process holds the ref asks its
 * own runtime for it. That is what lets a ref travel between processes inside any value.
 */
public final class ObjectRefImpl<T> implements ObjectRef<T> {
  private final long id;
  /** The session it was made in ({@link RuntimeHolder#generation}); never leaves the process. */
  private final int generation;

  /** A ref counted by this process's runtime, so its object lives while the ref does. */
  public ObjectRefImpl(long id) {
    this.id = id;
    this.generation = RuntimeHolder.generation();
    LocalRefs refs = LocalRefs.current();
    if (refs != null) {
      refs.track(this, id);
    }
  }

  /**
   * A ref whose one count its runtime's core took already, in the event that submitted its task:
   * the tracker only links it, so that its drop is still reported.
   */
  private ObjectRefImpl(long id, LocalRefs counted) {
    this.id = id;
    this.generation = RuntimeHolder.generation();
    counted.trackCounted(this, id);
  }

  /** See {@link #ObjectRefImpl(long, LocalRefs)}; {@code refs} must be an every-ref tracker. */
  public static <T> ObjectRefImpl<T> counted(long id, LocalRefs refs) {
    return new ObjectRefImpl<>(id, refs);
  }

  public long id() {
    return id;
  }

  int generation() {
    return generation;
  }

  @Override
  public String hex() {
    return ObjectIds.hex(id);
  }

  @Override
  public CompletableFuture<T> toFuture() {
    return RuntimeHolder.current().toFuture(this);
  }

  /** The id of any {@link ObjectRef}; all refs are made by jray, so all are of this class. */
  public static long idOf(ObjectRef<?> ref) {
    return ((ObjectRefImpl<?>) ref).id;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ObjectRefImpl && ((ObjectRefImpl<?>) other).id == id;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "ObjectRef(" + hex() + ")";
  }
}
