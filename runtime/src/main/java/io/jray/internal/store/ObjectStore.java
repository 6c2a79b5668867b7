package io.jray.internal.store;

import io.jray.RayException;
import io.jray.Tuning;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object store that the driver and every worker process share, under the session directory
 * (on /dev/shm): a value written once by any process is read by any other without a copy through
 * the driver.
 *
 * <p>Objects up to {@link #INLINE_THRESHOLD} bytes live inline in a Chronicle Map (the index,
 * made by the first process that stores an object: see {@link ObjectIndex#onFirstUse}); larger
 * ones in their own files, indexed only once written, so that an id a reader sees always
 * has all its bytes. Capacity is counted in a small shared counter file; when a put would exceed
 * it, unreferenced objects are freed and object files spilled to disk (see {@link StoreSpace}).
 * A process killed inside the store does not block the others (see {@link SegmentGuards}).
 * Thread-safe.
 */
public final class ObjectStore implements AutoCloseable {
  /**
   * Objects up to this size live inline. Copying 64 KiB takes about 10 µs, so segment locks stay
   * short; above it a file's open, mmap and munmap (tens of µs) cost less than the copy, and keep
   * big copies out of the locks (a process killed holding one blocks that segment for good).
   */
  public static final int INLINE_THRESHOLD = 64 * 1024;
  /** Share of the free space under the session directory used when no capacity is given. */
  static final double DEFAULT_CAPACITY_SHARE = 0.3;
  /** A rehearsal's put waits for no room: it puts only with this much free. */
  private static final long REHEARSAL_ROOM = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

  /** Frees objects that nothing references any more, when the store needs room. */
  @FunctionalInterface
  public interface Reclaimer {
    /**
     * Deletes objects that are no longer referenced anywhere (with {@link ObjectStore#delete}),
     * ideally at least bytesWanted bytes of them. Called on the thread whose put needs room,
     * holding no lock of the store; may be called by several threads at once.
     */
    void reclaim(long bytesWanted);
  }

  private final ObjectIndex index;
  private final LargeObjectFiles files;
  private final SpillFolder spill;
  private final SharedCounters counters;
  private final ReaderLeases leases;
  /** Files of freed objects, for the owner's puts; null in other processes. */
  private final FilePool pool;
  private final StoreSpace space;
  private final boolean owner;
  private boolean closed;

  private ObjectStore(ObjectIndex index, LargeObjectFiles files, SpillFolder spill,
      SharedCounters counters, ReaderLeases leases, FilePool pool) {
    this.index = index;
    this.files = files;
    this.spill = spill;
    this.counters = counters;
    this.leases = leases;
    this.pool = pool;
    this.space = new StoreSpace(index, files, spill, counters, pool);
    this.owner = pool != null;
  }

  /**
   * Driver side: creates the store's files in sessionDir, which must exist. capacityBytes is the
   * total size of the objects it may hold in memory; 0 means 30% of the free space in
   * sessionDir's file system. Objects spill to {@link #defaultSpillDir}. The index (Chronicle
   * Map) is made later, by the first process to use the store: see
   * {@link ObjectIndex#onFirstUse}.
   */
  public static ObjectStore create(Path sessionDir, long capacityBytes) {
    return create(sessionDir, capacityBytes, defaultSpillDir(sessionDir));
  }

  /** {@code ${java.io.tmpdir}/jray-spill-<session directory's name>}. */
  public static Path defaultSpillDir(Path sessionDir) {
    return Path.of(System.getProperty("java.io.tmpdir"), "jray-spill-" + sessionDir.getFileName());
  }

  /**
   * Like {@link #create(Path, long)}, spilling to spillDir: it is made with mode 0700 (or, if a
   * session that is gone left it, cleared and reused), locked against other sessions, and
   * removed, with its contents, when this store (its owner) is closed. Fails if a live session
   * uses spillDir.
   */
  public static ObjectStore create(Path sessionDir, long capacityBytes, Path spillDir) {
    return create(sessionDir, capacityBytes, spillDir, Tuning.DEFAULT_STORE_LOCK_TIMEOUT);
  }

  /**
   * Like {@link #create(Path, long, Path)}; this process waits up to lockTimeout for a segment
   * that a live process holds.
   */
  public static ObjectStore create(Path sessionDir, long capacityBytes, Path spillDir,
      Duration lockTimeout) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacityBytes must be >= 0, not " + capacityBytes);
    }
    ChroniclePreflight.check();
    StoreLayout layout = new StoreLayout(sessionDir);
    try {
      Files.createDirectory(layout.root());
      Files.createDirectory(layout.objects());
    } catch (FileAlreadyExistsException e) {
      throw new RayException("An object store exists already in " + sessionDir, e);
    } catch (IOException e) {
      throw new RayException("Cannot create the object store in " + sessionDir + ": " + e, e);
    }
    long capacity = capacityBytes > 0 ? capacityBytes : defaultCapacity(sessionDir);
    ChronicleNativeClass.install(layout.root(), true);
    SpillFolder spill = SpillFolder.create(spillDir.toAbsolutePath());
    try {
      Files.writeString(layout.spillDirName(), spill.dir().toString());
      ReaderLeases leases = ReaderLeases.create(layout.leases());
      // Counters last: open() takes a complete counter file to mean a complete store.
      SharedCounters counters = SharedCounters.create(layout.counters(), capacity);
      ObjectIndex index =
          ObjectIndex.onFirstUse(layout, counters, lockTimeout.toNanos(), () -> { });
      return new ObjectStore(index, new LargeObjectFiles(layout.objects()), spill, counters,
          leases, new FilePool(layout.objects(), counters));
    } catch (IOException e) {
      spill.removeAll();
      throw new RayException("Cannot write " + layout.spillDirName() + ": " + e, e);
    } catch (RuntimeException | Error e) {
      spill.removeAll();
      throw e;
    }
  }

  /** Worker side: opens the store that {@link #create} made in sessionDir. */
  public static ObjectStore open(Path sessionDir) {
    return open(sessionDir, Tuning.DEFAULT_STORE_LOCK_TIMEOUT);
  }

  /**
   * Like {@link #open(Path)}, waiting up to lockTimeout for a segment a live process holds. The
   * index (Chronicle Map) opens, or is made, at the store's first put, get or look-up, not here:
   * see {@link ObjectIndex#onFirstUse}.
   */
  public static ObjectStore open(Path sessionDir, Duration lockTimeout) {
    ChroniclePreflight.check();
    StoreLayout layout = new StoreLayout(sessionDir);
    if (!Files.exists(layout.counters())) {
      throw new RayException("No object store in " + sessionDir
          + ": the driver must create it (ObjectStore.create) before workers open it");
    }
    SharedCounters counters = SharedCounters.open(layout.counters());
    SpillFolder spill;
    try {
      spill = SpillFolder.open(Path.of(Files.readString(layout.spillDirName())));
    } catch (IOException e) {
      throw new RayException("Cannot read " + layout.spillDirName() + ": " + e, e);
    }
    ObjectIndex index = ObjectIndex.onFirstUse(layout, counters, lockTimeout.toNanos(), () -> {
      // Opening a map makes no POSIX call: spare this process loading Chronicle's JNR API.
      LazyPosixApi.install();
      ChronicleNativeClass.install(layout.root(), false);
    });
    return new ObjectStore(index, new LargeObjectFiles(layout.objects()), spill, counters,
        ReaderLeases.open(layout.leases()), null);
  }

  private static long defaultCapacity(Path sessionDir) {
    try {
      return (long) (Files.getFileStore(sessionDir).getUsableSpace() * DEFAULT_CAPACITY_SHARE);
    } catch (IOException e) {
      throw new RayException("Cannot read the free space of " + sessionDir + ": " + e, e);
    }
  }

  /**
   * Stores data under id, with a caller-defined flags tag that {@link #get} returns. The object
   * appears to readers only once complete. Ids are stored once: a second put of an id is ignored
   * and the first object stays, so a retried task may put its result again.
   *
   * @throws StoreFullException if the object does not fit in the capacity even after freeing
   *     unreferenced objects and spilling object files to disk
   */
  public void put(long id, byte flags, byte[] data) {
    put(id, flags, ByteBuffer.wrap(data));
  }

  /**
   * Like {@link #put(long, byte, byte[])}, for the object whose bytes are the remaining bytes of
   * parts, one after another (their positions are left as they were). A large object is written
   * straight from the parts into its file, so bytes spread over several arrays cost one copy.
   */
  public void put(long id, byte flags, ByteBuffer... parts) {
    long size = 0;
    for (ByteBuffer part : parts) {
      size += part.remaining();
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("An object of " + size + " bytes is too large: the "
          + "store holds objects below 2 GiB; split the value into several puts");
    }
    int length = (int) size;
    if (length > INLINE_THRESHOLD) {
      if (putPooled(id, flags, length, parts)) {
        return;
      }
      // Full: the files of objects that dropped refs free are best reused, not deleted for room.
      if (pool != null && !counters.hasRoom(length) && space.reclaim(length)
          && putPooled(id, flags, length, parts)) {
        return;
      }
      reserveAndStore(id, length, () -> index(id, flags, length, files.write(id, length, parts)));
      return;
    }
    byte[] entry = IndexEntry.inline(flags, length);
    int at = IndexEntry.HEADER;
    for (ByteBuffer part : parts) {
      int n = part.remaining();
      part.get(part.position(), entry, at, n);
      at += n;
    }
    store(id, flags, entry, length);
  }

  /**
   * Like {@link #put(long, byte, byte[])}, but writer writes the length bytes straight into the
   * store's memory, into a buffer positioned at 0 with limit = length. The buffer is valid only
   * while writer runs.
   */
  public void put(long id, byte flags, int length, Consumer<ByteBuffer> writer) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, not " + length);
    }
    if (length > INLINE_THRESHOLD) {
      reserveAndStore(id, length, () -> putFile(id, flags, length, writer));
      return;
    }
    byte[] entry = IndexEntry.inline(flags, length);
    writer.accept(IndexEntry.payload(entry));
    store(id, flags, entry, length);
  }

  /** Bytes that arrive in pieces: each written to {@code out} as it comes. */
  @FunctionalInterface
  public interface Pieces {
    /** Writes all the bytes to {@code out}, in order. */
    void writeTo(java.nio.channels.WritableByteChannel out) throws IOException;
  }

  /**
   * Like {@link #put(long, byte, int, Consumer)}, for bytes that arrive in pieces (a copy from
   * another node): a large object's go to its file through the kernel as they come, never
   * whole in memory first. Throws {@code RayException} if pieces fail or write other than length
   * bytes.
   */
  public void putPieces(long id, byte flags, int length, Pieces pieces) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, not " + length);
    }
    if (length > INLINE_THRESHOLD) {
      reserveAndStore(id, length,
          () -> index(id, flags, length, files.write(id, length, pieces)));
      return;
    }
    byte[] entry = IndexEntry.inline(flags, length);
    ByteBuffer payload = IndexEntry.payload(entry);
    try {
      pieces.writeTo(new java.nio.channels.WritableByteChannel() {
        @Override
        public int write(ByteBuffer source) throws IOException {
          if (source.remaining() > payload.remaining()) {
            throw new IOException("more than the object's " + length + " bytes");
          }
          int count = source.remaining();
          payload.put(source);
          return count;
        }

        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void close() {}
      });
    } catch (IOException e) {
      throw new RayException("Cannot store object " + Long.toHexString(id) + ": " + e, e);
    }
    if (payload.hasRemaining()) {
      throw new RayException("Cannot store object " + Long.toHexString(id) + ": "
          + payload.remaining() + " of its " + length + " bytes never came");
    }
    store(id, flags, entry, length);
  }

  private void store(long id, byte flags, byte[] entry, int length) {
    reserveAndStore(id, length, () -> putInline(id, flags, entry, length));
  }

  private void reserveAndStore(long id, int length, BooleanSupplier put) {
    checkOpen();
    space.reserve(id, length);
    boolean stored = false;
    try {
      stored = put.getAsBoolean();
    } finally {
      if (stored) {
        counters.addObjects(1);
      } else {
        counters.release(length);
      }
    }
  }

  /**
   * Stores the object in a pooled file if there is one of about its size; false if not. The
   * file's bytes are counted as used already, so nothing is reserved: what the object does not
   * use is given back.
   */
  private boolean putPooled(long id, byte flags, int length, ByteBuffer[] parts) {
    checkOpen();
    FilePool.Pooled pooled = pool == null ? null : pool.take(length);
    if (pooled == null) {
      return false;
    }
    long nonce;
    try {
      nonce = files.rewrite(pooled, id, length, parts);
    } catch (RuntimeException | Error e) {
      counters.release(pooled.size());
      throw e;
    }
    // Soon, not after the object's life: once indexed, the file may be spilled by any process.
    pool.unmapSoon(pooled.mapping());
    counters.release(pooled.size() - length);
    boolean indexed = false;
    try {
      indexed = insertFileEntry(id, IndexEntry.inFile(flags, length, nonce));
    } finally {
      if (indexed) {
        counters.addObjects(1);
      } else if (files.delete(id, nonce)) {
        counters.release(length);
      }
    }
    return true;
  }

  private boolean putInline(long id, byte flags, byte[] entry, int length) {
    try {
      return index.insert(id, entry);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // No room left for this entry in its segment (all tiers used): a file's entry is small and
      // may still fit. (If even that does not, the index is full: StoreFullException.)
      log.debug("Object index full; storing object {} in a file", Long.toHexString(id), e);
      ByteBuffer payload = IndexEntry.payload(entry);
      return putFile(id, flags, length, buffer -> buffer.put(payload));
    }
  }

  private boolean putFile(long id, byte flags, int length, Consumer<ByteBuffer> writer) {
    return index(id, flags, length, files.write(id, length, writer));
  }

  /** Indexes a complete object file, or deletes it if id is stored already. */
  private boolean index(long id, byte flags, int length, long nonce) {
    boolean indexed = false;
    try {
      indexed = insertFileEntry(id, IndexEntry.inFile(flags, length, nonce));
      return indexed;
    } finally {
      if (!indexed) {
        files.delete(id, nonce);
      }
    }
  }

  /**
   * Indexes a file's entry, a few bytes: with no room even for that, the index holds all the
   * objects it can, and the caller hears it in those words rather than Chronicle's.
   */
  private boolean insertFileEntry(long id, byte[] entry) {
    try {
      return index.insert(id, entry);
    } catch (IllegalStateException e) {
      throw StoreFullException.indexFull(id, counters.count(), e);
    }
  }

  /**
   * The object stored under id, or null if there is none. Its data is read-only, positioned at 0
   * with limit = its size: a heap copy for small objects, a mapping of the file for large ones.
   * Close it when done reading.
   */
  public StoredObject get(long id) {
    checkOpen();
    byte[] entry = index.get(id);
    if (entry == null) {
      return null;
    }
    if (!IndexEntry.inFile(entry)) {
      return new StoredObject(IndexEntry.flags(entry), IndexEntry.payload(entry).asReadOnlyBuffer());
    }
    long nonce = IndexEntry.nonce(entry);
    int length = IndexEntry.length(entry);
    // The lease first, then the file by name: see ReaderLeases.
    int lease = leases.acquire(id);
    StoredObject object = null;
    try {
      ByteBuffer data = files.map(id, nonce, length);
      if (data == null) {
        data = space.fromSpill(id, nonce, length);
      }
      if (data != null) {
        object = new StoredObject(IndexEntry.flags(entry), data, () -> leases.release(lease));
      }
      return object;
    } finally {
      if (object == null) {
        leases.release(lease);
      }
    }
  }

  public boolean contains(long id) {
    checkOpen();
    return index.contains(id);
  }

  /**
   * Goes once through the index's opening (or making), look-up, put and get, with a one-byte
   * object under {@code scratchId} (a new id of this process's), so that a JVM recording a
   * class-data archive (the workers', or {@code bin/jray run}'s driver's) has loaded what the
   * store's users load, though it never used the store itself (see
   * {@link ObjectIndex#onFirstUse}). It puts only while the store has room to spare, and never
   * fails: the archive is then only less complete.
   */
  public void rehearse(long scratchId) {
    try {
      contains(scratchId);
      if (availableBytes() > REHEARSAL_ROOM) {
        put(scratchId, (byte) 0, new byte[1]); // flags are the caller's; none reads these
        try (StoredObject read = get(scratchId)) {
          // read and released: the get path's classes are loaded
        }
      }
    } catch (RuntimeException e) {
      log.debug("The store's rehearsal for the class-data archive failed: {}", e.toString());
    }
  }

  /**
   * Deletes the object, freeing its space (and its files, in memory and spilled); false if there
   * was none. Only the store's owner (the driver) deletes: a process killed inside a delete may
   * leave its index segment damaged, and the owner's death ends the session anyway.
   */
  public boolean delete(long id) {
    return delete(new long[] {id}, 1) == 1;
  }

  /**
   * Like {@link #delete(long)} for the first count of ids; returns how many there were. The
   * shared counters are updated once for the lot: each update is an atomic on a cache line that
   * every put also writes. An id that fails to delete does not stop the others; the first
   * failure is thrown at the end.
   */
  public int delete(long[] ids, int count) {
    checkOpen();
    long inlineBytes = 0;
    int deleted = 0;
    RuntimeException failure = null;
    for (int i = 0; i < count; i++) {
      long id = ids[i];
      try {
        byte[] head = index.remove(id);
        if (head == null) {
          continue;
        }
        deleted++;
        if (IndexEntry.inFile(head)) {
          deleteFile(id, head);
        } else {
          inlineBytes += IndexEntry.length(head);
        }
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (inlineBytes > 0) {
      counters.release(inlineBytes);
    }
    if (deleted > 0) {
      counters.addObjects(-deleted);
    }
    if (failure != null) {
      throw failure;
    }
    return deleted;
  }

  private void deleteFile(long id, byte[] head) {
    long nonce = IndexEntry.nonce(head);
    int length = IndexEntry.length(head);
    if (!recycle(id, nonce, length)) {
      space.deleteFiles(id, nonce, length);
    } else if (spill.delete(id, nonce)) {
      counters.addSpilled(-length);
    }
  }

  /**
   * Moves the file of a deleted object into the pool, or deletes it if some process may still be
   * reading it; false (nothing done) if the pool is full or the file is not in memory.
   */
  private boolean recycle(long id, long nonce, int length) {
    if (pool == null || !pool.hasRoomFor(length)) {
      return false;
    }
    java.nio.file.Path pooled = pool.newName();
    if (!FilePool.move(files.path(id, nonce), pooled)) {
      return false;
    }
    // Renamed first, then checked: a reader that did not lease it in time cannot open it now.
    if (leases.mayBeRead(id)) {
      FilePool.delete(pooled);
      counters.release(length);
    } else if (!pool.add(pooled, length)) {
      counters.release(length);
    }
    return true;
  }

  /**
   * Makes the store usable again after a process died while inside it: every index segment that
   * a dead process held is unlocked (the next user of such a segment would do this by itself
   * after about 20 ms; this does it at once). Returns how many segments were recovered. Cheap
   * (one shared read per segment) when nothing needs doing; safe to call from any process at
   * any time. The driver calls it when a worker exits unexpectedly.
   */
  public int recoverDeadHolders() {
    checkOpen();
    return index.recoverDeadHolders();
  }

  /**
   * Deletes what dead processes left half done: object files they wrote but never indexed (and
   * gives their bytes back to the capacity), and their temporary files from spilling and
   * restoring. Lists the object folder, so it costs about a millisecond per thousand large
   * objects. The driver calls it, after {@link #recoverDeadHolders}, when a worker exits
   * unexpectedly; calling it at other times is safe.
   */
  public void removeDeadProcessLeftovers() {
    checkOpen();
    long freed = files.removeOrphans((id, nonce) -> {
      byte[] entry = index.get(id);
      return entry != null && IndexEntry.inFile(entry) && IndexEntry.nonce(entry) == nonce;
    });
    counters.release(freed);
    spill.removeOrphans();
    leases.removeDead();
  }

  /**
   * Called when a put would exceed the capacity, before anything is spilled; set by the driver,
   * which knows which objects are still referenced. Without one, the store only spills.
   */
  public void setReclaimer(Reclaimer reclaimer) {
    space.setReclaimer(reclaimer);
  }

  /**
   * Spills least recently used object files to disk until at least bytes are freed in memory,
   * or nothing more can be spilled; returns the bytes freed. Puts do this by themselves.
   */
  public long spill(long bytes) {
    checkOpen();
    return space.spill(bytes);
  }

  /** Bytes of object files copied to the spill folder, by all processes. */
  public long spilledBytes() {
    return counters.spilled();
  }

  public Path spillDir() {
    return spill.dir();
  }

  /**
   * Bytes of objects stored in memory, by all processes (spilled ones are not counted, nor the
   * files of freed objects kept for reuse).
   */
  public long usedBytes() {
    return counters.used() - counters.pooled();
  }

  /** Bytes of freed objects' files that the owner keeps for new objects (see FilePool). */
  public long pooledBytes() {
    return counters.pooled();
  }

  /**
   * Bytes a put could have now without freeing any object: the capacity not used, plus the
   * owner's pooled files of freed objects (which count as used until reused or given up).
   */
  public long availableBytes() {
    return counters.capacity() - counters.used() + counters.pooled();
  }

  public long capacityBytes() {
    return counters.capacity();
  }

  public long objectCount() {
    return counters.count();
  }

  /** An object as {@link #list} describes it, without its bytes. */
  public record Listing(long id, int size, boolean inFile, byte flags) {}

  /**
   * Up to limit objects, skipping the first offset, in the index's order (no particular one);
   * for the state API. Costs a walk over offset + limit entries, no copy of any value.
   */
  public List<Listing> list(int offset, int limit) {
    checkOpen();
    List<Listing> listing = new ArrayList<>(Math.min(limit, 1024));
    if (limit <= 0) {
      return listing;
    }
    int[] seen = {0};
    index.forEachHead((id, head) -> {
      if (seen[0]++ >= offset) {
        listing.add(new Listing(id, IndexEntry.length(head), IndexEntry.inFile(head),
            IndexEntry.flags(head)));
      }
      return listing.size() < limit;
    });
    return listing;
  }


  /**
   * Releases this process's maps; the files stay for the others (sessionDir's owner removes
   * them). The owner (the store's creator) also removes the spill folder.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      index.close();
      if (owner) {
        counters.release(pool.close());
        spill.removeAll();
      }
    }
  }

  ObjectIndex index() {
    return index;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The object store is closed");
    }
  }
}
