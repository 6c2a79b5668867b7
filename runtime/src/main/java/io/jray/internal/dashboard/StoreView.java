package io.jray.internal.dashboard;

import io.jray.internal.store.ObjectStore;
import java.util.List;

/** What the state API reads of the object store; an interface so that tests can stand in. */
interface StoreView {
  long usedBytes();

  long capacityBytes();

  long objectCount();

  /** Bytes of objects spilled to disk now. */
  default long spilledBytes() {
    return 0;
  }

  List<ObjectStore.Listing> list(int offset, int limit);

  /** How many objects only the driver's memory holds (small results of its calls). */
  default long keptCount() {
    return 0;
  }

  /** Up to limit of the objects only the driver's memory holds, skipping the first offset. */
  default List<ObjectStore.Listing> kept(long offset, int limit) {
    return List.of();
  }

  /** The store, and the objects the driver keeps in its memory. */
  static StoreView of(ObjectStore store, KeptObjects keptObjects) {
    return new StoreView() {
      @Override
      public long keptCount() {
        return keptObjects.count();
      }

      @Override
      public List<ObjectStore.Listing> kept(long offset, int limit) {
        return keptObjects.list(offset, limit);
      }

      @Override
      public long usedBytes() {
        return store.usedBytes();
      }

      @Override
      public long capacityBytes() {
        return store.capacityBytes();
      }

      @Override
      public long objectCount() {
        return store.objectCount();
      }

      @Override
      public long spilledBytes() {
        try {
          return store.spilledBytes();
        } catch (IllegalStateException closed) {
          return 0;
        }
      }

      @Override
      public List<ObjectStore.Listing> list(int offset, int limit) {
        try {
          return store.list(offset, limit);
        } catch (IllegalStateException closed) {
          return List.of(); // after Ray.shutdown(): the store is gone
        }
      }
    };
  }
}
