package io.jray.internal.dashboard;

import io.jray.internal.store.ObjectStore;
import java.util.List;

/**
 * The objects the driver keeps in its own memory rather than in the store (the small results of
 * its calls), as the state API lists them beside the store's.
 */
public interface KeptObjects {
  /** How many there are. */
  long count();

  /** Up to {@code limit}, skipping the first {@code offset}, in no particular order. */
  List<ObjectStore.Listing> list(long offset, int limit);
}
