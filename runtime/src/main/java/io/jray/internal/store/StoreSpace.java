package io.jray.internal.store;

import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bytes the store holds in memory within its capacity. When a put would not fit it
 * first deletes the owner's pooled files of freed objects (see {@link FilePool}), then asks the
 * {@link ObjectStore.Reclaimer} (the driver, which knows what is unreferenced) to
 * delete objects, then spills the least recently used object files to the spill folder. A get
 * of a spilled object restores it, or reads it from disk if there is no room.
 *
 * <p>Every process does this on its own, through the file system: an object's bytes count as
 * used while its file exists in memory, and whichever process deletes that file (a spill, a
 * delete, a restore that lost a race) gives them back. Spilling never changes the index.
 */
final class StoreSpace {
  private static final Logger log = LoggerFactory.getLogger(StoreSpace.class);
  /** Rounds of reclaim-then-spill before a put gives up. */
  private static final int ATTEMPTS = 3;

  private final ObjectIndex index;
  private final LargeObjectFiles files;
  private final SpillFolder spill;
  private final SharedCounters counters;
  /** The owner's pool of freed files, given up first when room is needed; null elsewhere. */
  private final FilePool pool;
  private volatile ObjectStore.Reclaimer reclaimer;

  StoreSpace(ObjectIndex index, LargeObjectFiles files, SpillFolder spill, SharedCounters counters,
      FilePool pool) {
    this.index = index;
    this.files = files;
    this.spill = spill;
    this.counters = counters;
    this.pool = pool;
  }

  void setReclaimer(ObjectStore.Reclaimer reclaimer) {
    this.reclaimer = reclaimer;
  }

  /** Claims size bytes for object id, making room if need be, or throws StoreFullException. */
  void reserve(long id, long size) {
    if (counters.tryReserve(size)) {
      return;
    }
    long capacity = counters.capacity();
    if (pool != null && size <= capacity) {
      counters.release(pool.evict(shortfall(size)));
      if (counters.tryReserve(size)) {
        return;
      }
    }
    if (size <= capacity) {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        ObjectStore.Reclaimer current = reclaimer;
        if (current != null) {
          current.reclaim(shortfall(size));
          if (counters.tryReserve(size)) {
            return;
          }
        }
        // A little more than needed, so that a run of puts does not list the files every time.
        long spilled = spill(shortfall(size) + capacity / 16);
        if (counters.tryReserve(size)) {
          return;
        }
        if (spilled == 0 && current == null) {
          break;
        }
      }
    }
    throw new StoreFullException(id, size, counters.used(), capacity, counters.count(),
        String.format("%s spilled to %s; objects up to %s live in the index and are never "
            + "spilled", StoreFullException.bytes(counters.spilled()), spill.dir(),
            StoreFullException.bytes(ObjectStore.INLINE_THRESHOLD)));
  }

  /**
   * Asks the reclaimer to free unreferenced objects so that size bytes fit; false if there is
   * no reclaimer.
   */
  boolean reclaim(long size) {
    ObjectStore.Reclaimer current = reclaimer;
    if (current == null) {
      return false;
    }
    current.reclaim(shortfall(size));
    return true;
  }

  private long shortfall(long size) {
    return Math.max(1, size - (counters.capacity() - counters.used()));
  }

  /** Spills least recently used object files until wanted bytes are freed; returns bytes freed. */
  long spill(long wanted) {
    long freed = 0;
    for (LargeObjectFiles.InMemory file : files.leastRecentlyUsed()) {
      if (freed >= wanted) {
        break;
      }
      byte[] entry = index.get(file.id());
      if (entry == null || !IndexEntry.inFile(entry) || IndexEntry.nonce(entry) != file.nonce()) {
        continue; // still being written (not indexed yet), or deleted
      }
      int length = IndexEntry.length(entry);
      long copied = spill.copyIn(file.file(), file.id(), file.nonce());
      if (copied < 0) {
        continue; // freed while we chose it: nothing to spill
      }
      counters.addSpilled(copied);
      if (!index.contains(file.id())) { // deleted while we copied: drop the copy
        if (spill.delete(file.id(), file.nonce())) {
          counters.addSpilled(-length);
        }
        continue;
      }
      if (files.delete(file.id(), file.nonce())) {
        counters.release(length);
        freed += length;
      }
    }
    if (freed > 0) {
      log.debug("Spilled {} to {}", StoreFullException.bytes(freed), spill.dir());
    }
    return freed;
  }

  /**
   * The data of an indexed object whose file is not in memory: restored into memory if it fits,
   * else read from the spill folder. Null if the object was deleted.
   */
  ByteBuffer fromSpill(long id, long nonce, int length) {
    if (!spill.has(id, nonce)) {
      return null;
    }
    if (reserveForRestore(id, length)) {
      boolean made;
      try {
        made = files.restore(spill, id, nonce);
      } catch (NoSuchFileException e) {
        counters.release(length);
        return null;
      } catch (RuntimeException e) {
        counters.release(length);
        throw e;
      }
      if (!made) {
        counters.release(length); // another process restored it first
      } else if (!index.contains(id)) { // deleted while we restored
        if (files.delete(id, nonce)) {
          counters.release(length);
        }
        return null;
      }
      ByteBuffer data = files.map(id, nonce, length);
      if (data != null) {
        return data;
      }
    }
    return spill.map(id, nonce, length);
  }

  private boolean reserveForRestore(long id, int length) {
    try {
      reserve(id, length);
      return true;
    } catch (StoreFullException e) {
      return false;
    }
  }

  /** Deletes the files of a removed in-file object and gives back their bytes. */
  void deleteFiles(long id, long nonce, int length) {
    if (files.delete(id, nonce)) {
      counters.release(length);
    }
    if (spill.delete(id, nonce)) {
      counters.addSpilled(-length);
    }
  }
}
