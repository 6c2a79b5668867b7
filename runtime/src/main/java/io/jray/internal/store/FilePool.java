package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of freed large objects, kept by the store's owner for new objects of about their size.
 * Writing into a file whose memory is already allocated costs about half as much as into a new
 * one (tmpfs allocates every page of a new file, and on a virtual machine the host may have to
 * back it too), and freeing it costs nothing instead of unmapping its pages.
 *
 * <p>A pooled file's bytes stay counted as used in the store's counters: the pool never makes the
 * store hold more than its capacity, and it gives files up (deletes them) whenever a put needs
 * room. It holds at most half the capacity. Only the owner's thread-safe methods touch it; files
 * are named {@code free-<n>} in the object folder, which nothing else reads.
 */
final class FilePool {
  private static final Logger log = LoggerFactory.getLogger(FilePool.class);
  /** A pooled file serves an object of at least this share of its size (the rest is cut off). */
  private static final int MAX_SHRINK = 2;

  /** A file in the pool. */
  record Pooled(Path file, long size) {}

  private final Path dir;
  private final SharedCounters counters;
  private final long maxBytes;
  private final TreeMap<Long, Deque<Pooled>> bySize = new TreeMap<>();
  private long pooledBytes;
  private long nextName;

  FilePool(Path dir, SharedCounters counters) {
    this.dir = dir;
    this.counters = counters;
    this.maxBytes = counters.capacity() / 2;
  }

  /** Whether a file of size bytes would be kept. */
  synchronized boolean hasRoomFor(long size) {
    return pooledBytes + size <= maxBytes;
  }

  /** A fresh name for a file to move into the pool with {@link #add}. */
  synchronized Path newName() {
    return dir.resolve("free-" + Long.toHexString(nextName++));
  }

  /** Keeps file, of size bytes, which was moved to a name from {@link #newName}. */
  synchronized void add(Path file, long size) {
    bySize.computeIfAbsent(size, s -> new ArrayDeque<>()).add(new Pooled(file, size));
    pooledBytes += size;
    counters.addPooled(size);
  }

  /** Takes the smallest file that holds size bytes (and not more than twice that), or null. */
  synchronized Pooled take(long size) {
    Map.Entry<Long, Deque<Pooled>> fit = bySize.ceilingEntry(size);
    if (fit == null || fit.getKey() > size * MAX_SHRINK) {
      return null;
    }
    Pooled file = fit.getValue().poll();
    if (fit.getValue().isEmpty()) {
      bySize.remove(fit.getKey());
    }
    pooledBytes -= file.size();
    counters.addPooled(-file.size());
    return file;
  }

  /**
   * Deletes pooled files, largest first, until at least bytes are freed; returns bytes freed,
   * which the caller gives back to the counters' used bytes.
   */
  long evict(long bytes) {
    long freed = 0;
    while (freed < bytes) {
      Pooled file;
      synchronized (this) {
        Map.Entry<Long, Deque<Pooled>> largest = bySize.lastEntry();
        if (largest == null) {
          break;
        }
        file = largest.getValue().poll();
        if (largest.getValue().isEmpty()) {
          bySize.remove(largest.getKey());
        }
        pooledBytes -= file.size();
        counters.addPooled(-file.size());
      }
      delete(file.file());
      freed += file.size();
    }
    return freed;
  }

  /** Moves file to a name from {@link #newName}; false if file is not there. */
  static boolean move(Path file, Path pooledName) {
    try {
      Files.move(file, pooledName, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new RayException("Cannot move object file " + file + " to " + pooledName + ": " + e, e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete pooled object file {}: {}", file, e.toString());
    }
  }
}
