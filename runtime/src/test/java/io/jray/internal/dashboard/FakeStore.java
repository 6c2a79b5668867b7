package io.jray.internal.dashboard;

import io.jray.internal.store.ObjectStore.Listing;
import java.util.ArrayList;
import java.util.List;

/** A store of listings only, for tests of the state API without shared memory. */
final class FakeStore implements StoreView {
  final List<Listing> objects = new ArrayList<>();

  @Override
  public long usedBytes() {
    return objects.stream().mapToLong(Listing::size).sum();
  }

  @Override
  public long capacityBytes() {
    return 1L << 30;
  }

  @Override
  public long objectCount() {
    return objects.size();
  }

  @Override
  public List<Listing> list(int offset, int limit) {
    return objects.subList(Math.min(offset, objects.size()),
        Math.min(objects.size(), offset + limit));
  }
}
