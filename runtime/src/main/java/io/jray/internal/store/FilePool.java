package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of freed large objects, kept by the store's owner for new objects of about their size.
 * Writing into a file whose memory is already allocated costs about half as much as into a new
 * one (tmpfs allocates every page of a new file, and on a virtual machine the host may have to
 * back it too), and freeing it costs nothing instead of giving all its pages back.
 *
 * <p>The pool also keeps a mapping of each file, which a thread of the pool's faults in while the
 * file waits, so that a put copies the value straight into the file's memory: one copy, no page
 * fault, where write(2) from a heap array copies twice (into a native buffer, then into the
 * file). Only pooled files are mapped: the mapping is dropped once the file holds an object,
 * since another process may spill that file and a mapping would keep its memory allocated. The
 * pool's thread unmaps it too, so that the put need not wait for munmap (milliseconds for 100 MB).
 * A file comes in at once, though: a put that finds no file writes a new one, which costs several
 * times as much as faulting in a mapping, so a put that takes a file not faulted in yet does
 * that itself.
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

  /**
   * A file in the pool and a read-write mapping of all of it (null if it could not be mapped).
   * Whoever takes it from the pool claims it, which stops the pool's thread from touching the
   * mapping, and then unmaps the mapping or gives it to {@link #unmapSoon}.
   */
  static final class Pooled {
    private final Path file;
    private final long size;
    private final MappedByteBuffer mapping;
    private boolean warm; // guarded by this
    private boolean claimed; // guarded by this

    Pooled(Path file, long size, MappedByteBuffer mapping) {
      this.file = file;
      this.size = size;
      this.mapping = mapping;
    }

    Path file() {
      return file;
    }

    long size() {
      return size;
    }

    /** For whoever claimed the file. */
    MappedByteBuffer mapping() {
      return mapping;
    }

    /** Faults the mapping in, unless it is claimed; the pool's thread does this. */
    private synchronized void warm() {
      if (!claimed && !warm && mapping != null) {
        FileMappings.warm(mapping);
        warm = true;
      }
    }

    /**
     * Makes the mapping the caller's, faulted in if faultIn, and returns it (null if there is
     * none). Waits if the pool's thread is faulting it in.
     */
    synchronized MappedByteBuffer claim(boolean faultIn) {
      claimed = true;
      if (faultIn && !warm && mapping != null) {
        FileMappings.warm(mapping);
        warm = true;
      }
      return mapping;
    }
  }

  private final Path dir;
  private final SharedCounters counters;
  private final long maxBytes;
  private final TreeMap<Long, Deque<Pooled>> bySize = new TreeMap<>();
  private long pooledBytes;
  private long nextName;
  private boolean closed;
  /**
   * Faults mappings in and unmaps them. Its thread starts at the first task: a store that never
   * reuses a file has none.
   */
  private final ExecutorService mapper = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "jray-file-pool");
    thread.setDaemon(true);
    return thread;
  });

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

  /**
   * Keeps file, of size bytes, which was moved to a name from {@link #newName}, maps it, and has
   * the pool's thread fault the mapping in. If the pool is closed, deletes the file instead and
   * returns false: the caller then gives its bytes back.
   */
  boolean add(Path file, long size) {
    Pooled pooled = new Pooled(file, size, FileMappings.map(file, size));
    synchronized (this) {
      if (!closed) {
        bySize.computeIfAbsent(size, s -> new ArrayDeque<>()).add(pooled);
        pooledBytes += size;
        counters.addPooled(size);
        try {
          mapper.execute(pooled::warm);
        } catch (RejectedExecutionException e) {
          // closing: the taker faults it in
        }
        return true;
      }
    }
    discard(pooled);
    return false;
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
      discard(file);
      freed += file.size();
    }
    return freed;
  }

  /** Unmaps the mapping of a file taken from the pool, on the pool's thread. */
  void unmapSoon(MappedByteBuffer mapping) {
    if (mapping == null) {
      return;
    }
    try {
      mapper.execute(() -> FileMappings.unmap(mapping));
    } catch (RejectedExecutionException e) {
      FileMappings.unmap(mapping); // closed
    }
  }

  /**
   * Deletes every pooled file, keeps no more, and waits for the unmapping of taken files; returns
   * the bytes freed, as {@link #evict} does. Idempotent.
   */
  long close() {
    synchronized (this) {
      closed = true;
    }
    long freed = evict(Long.MAX_VALUE);
    mapper.shutdown();
    try {
      if (!mapper.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Unmapping the files of reused objects took over 10 s; not waiting for it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return freed;
  }

  /** Unmaps first: a deleted file's memory stays allocated while it is mapped. */
  private static void discard(Pooled file) {
    FileMappings.unmap(file.claim(false));
    delete(file.file());
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
