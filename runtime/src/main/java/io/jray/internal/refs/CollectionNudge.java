package io.jray.internal.refs;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Asks for a collection when this process has put many bytes in the store since the last one.
 * Dropped refs free their objects only once the collector finds them, and a program that puts
 * large values but allocates little on the heap (Ray.put of a byte[] copies nothing there) would
 * otherwise fill the store, and make it spill to disk, before any collection happens by itself.
 * Collecting early also keeps the store small, so that new objects reuse the memory of freed ones.
 * Thread-safe.
 */
public final class CollectionNudge {
  private final long threshold;
  /** Looked up at the first large put: JMX costs a worker's start-up time it need not spend. */
  private List<GarbageCollectorMXBean> collectors;
  private long lastCollections = -1;
  private long bytesSince;

  /** @param threshold bytes put since the last collection that call for one */
  public CollectionNudge(long threshold) {
    this.threshold = threshold;
  }

  /** Counts bytes just put in the store; collects if the threshold is reached. */
  public void stored(long bytes) {
    synchronized (this) {
      long collections = collections();
      if (collections != lastCollections) {
        lastCollections = collections;
        bytesSince = 0;
      }
      bytesSince += bytes;
      if (bytesSince < threshold) {
        return;
      }
      bytesSince = 0;
    }
    System.gc();
  }

  private long collections() {
    if (collectors == null) {
      collectors = ManagementFactory.getGarbageCollectorMXBeans();
    }
    long count = 0;
    for (GarbageCollectorMXBean collector : collectors) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }
}
