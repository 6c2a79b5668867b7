package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.impl.BigSegmentHeader;
import net.openhft.chronicle.hash.impl.VanillaChronicleHash;
import net.openhft.chronicle.hash.locks.InterProcessDeadLockException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chronicle Map that every process shares: object id to {@link IndexEntry}. Entries stay
 * small (large objects live in files), so segment locks are held for microseconds.
 *
 * <p>Every operation holds the segment's {@link SegmentGuards guard} around Chronicle's lock, so a
 * process killed inside one is found out by the next user of the segment, which resets
 * Chronicle's lock word. That leaves the segment consistent because other processes only insert
 * and read: Chronicle writes a new entry's bytes before it publishes the entry in the segment's
 * hash lookup with one volatile write, so a killed insert leaves either the whole entry or a few
 * unreachable chunks. Removal (a multi-step shift in the hash lookup) is left to the store's owner.
 */
final class ObjectIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ObjectIndex.class);
  /** Chronicle sizes its chunks from the average entry; most task results are small. */
  private static final int AVERAGE_ENTRY_BYTES = 1024;
  /**
   * One planned entry per this many bytes of capacity, rounded down to a power of two (Chronicle
   * sizes its hash lookups in powers of two, so other plans touch more for the same room).
   * Chronicle zeroes, and so touches, about 22 bytes of the (sparse) file per planned entry when it
   * creates the map, as its first user makes it (about 4 ms per MB on a 2-core VM): 11 MB for 7
   * GiB.
   */
  private static final long CAPACITY_PER_ENTRY = 8 * 1024;
  private static final long MIN_ENTRIES = 1 << 16;
  private static final long MAX_ENTRIES = 1 << 19;
  /**
   * Past its planned entries the map grows by extra tiers, up to this factor. Measured with small
   * values, a map holds about 9 times its plan with 2 (3 times with 1, 31 with 4), but the room for
   * each further factor is zeroed at creation: 2 touches 1.8 times what 1 does, 4 six times.
   */
  private static final double MAX_BLOAT = 2.0;

  /** How long a process waits for another to finish making the index (see lockWithin). */
  private static final long CREATION_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** This JVM's turn at the creation lock. */
  private static final Object CREATION = new Object();

  /** The map and its segments' guards: final fields, so a thread that sees one sees it whole. */
  private record Opened(ChronicleMap<Long, byte[]> map, SegmentGuards guards) {}

  private final AtomicInteger recoveries = new AtomicInteger();
  /** Opens the map and its guards, or makes them, once: at the index's first use. */
  private final Function<ObjectIndex, Opened> opening;
  /** Say whether some process has made the index: until then a read finds nothing. */
  private final SharedCounters counters;
  /** Read without a lock: once set it stays, and a thread that sees null takes the lock. */
  private Opened opened;
  private boolean closed;

  private ObjectIndex(Function<ObjectIndex, Opened> opening, SharedCounters counters) {
    this.opening = opening;
    this.counters = counters;
  }

  /**
   * The index of the store whose counters these are, made by whichever process of the session
   * uses the store first and opened by the others at their first use: creating a Chronicle Map
   * costs a JVM without a class-data archive (a user's driver) about half a CPU-second, and a
   * process that never uses the store (a driver whose tasks all return small values, a worker
   * whose tasks take inline arguments) nothing. The plan, the same in every process, bounds how
   * many objects it holds at once (about 9 times the plan, see MAX_BLOAT); a value too large for
   * the room left in its segment goes to a file instead (see ObjectStore). {@code beforeOpening}
   * runs first, once, on the thread that opens it.
   */
  static ObjectIndex onFirstUse(StoreLayout layout, SharedCounters counters,
      long lockTimeoutNanos, Runnable beforeOpening) {
    long entries = Long.highestOneBit(
        Math.max(MIN_ENTRIES, Math.min(MAX_ENTRIES, counters.capacity() / CAPACITY_PER_ENTRY)));
    return new ObjectIndex(self -> {
      beforeOpening.run();
      return createOrOpen(layout, counters, entries, lockTimeoutNanos, self);
    }, counters);
  }

  /**
   * Opens the index if its maker finished it, else makes it, holding the session's creation
   * lock while it does (a lock on a file, which a process that dies lets go of). An index not
   * marked made in the counters is one whose maker died part way: it is made afresh. Once made,
   * the index and its guards stay as they are, so opening takes no lock: processes that open it
   * at once do not take turns.
   */
  private static Opened createOrOpen(StoreLayout layout, SharedCounters counters, long entries,
      long lockTimeoutNanos, ObjectIndex index) {
    if (counters.indexMade()) {
      return mapped(layout, entries, false, lockTimeoutNanos, index);
    }
    // A JVM holds a file's lock once: where several stores share one (tests), they take turns.
    synchronized (CREATION) {
      try (FileChannel channel = FileChannel.open(layout.indexLock(),
          SharedFiles.readWrite(StandardOpenOption.CREATE), SharedFiles.OWNER_ONLY);
          FileLock lock = lockWithin(channel, layout)) {
        if (counters.indexMade()) { // by the process this one waited for
          return mapped(layout, entries, false, lockTimeoutNanos, index);
        }
        Files.deleteIfExists(layout.index());
        Files.deleteIfExists(layout.guards());
        Opened made = mapped(layout, entries, true, lockTimeoutNanos, index);
        counters.markIndexMade();
        return made;
      } catch (IOException e) {
        throw new RayException("Cannot open the object store's index in " + layout.root()
            + ": " + e, e);
      }
    }
  }

  /**
   * Makes the index and its guards ({@code make}), or opens those a process made (its file's
   * header, not the plan, decides its layout), without loading Chronicle's native POSIX API in
   * any process: a driver opens an index that a worker made, and makes one on its first put.
   */
  private static Opened mapped(StoreLayout layout, long entries, boolean make,
      long lockTimeoutNanos, ObjectIndex index) {
    return guarded(LazyPosixApi.openingIndex(() -> persistTo(layout.index(), entries)),
        layout.guards(), make, lockTimeoutNanos, index);
  }

  /**
   * The creation lock, once the process that holds it, if any, lets go: it creates the index in
   * about a second, so a wait of a minute means it is stuck rather than slow.
   */
  private static FileLock lockWithin(FileChannel channel, StoreLayout layout)
      throws IOException {
    long deadline = System.nanoTime() + CREATION_TIMEOUT_NANOS;
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        throw new RayException("The object store's index in " + layout.root() + " was not made"
            + " within " + TimeUnit.NANOSECONDS.toSeconds(CREATION_TIMEOUT_NANOS) + " s: the"
            + " process of this session that makes it is stuck (see its log), or the machine is"
            + " overloaded. Shut the session down and start it again.");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static Opened guarded(ChronicleMap<Long, byte[]> map, Path guardsFile, boolean create,
      long lockTimeoutNanos, ObjectIndex index) {
    try {
      // The map itself, not the index's field: a guard may recover a segment as it opens.
      SegmentGuards.DeadOwnerHandler recovery =
          (segment, owner) -> index.recover(map, segment, owner);
      return new Opened(map, create
          ? SegmentGuards.create(guardsFile, map.segments(), recovery, lockTimeoutNanos)
          : SegmentGuards.open(guardsFile, map.segments(), recovery, lockTimeoutNanos));
    } catch (RuntimeException e) {
      map.close();
      throw e;
    }
  }

  /** The open map and guards, opening or making them if this is the first use. */
  private Opened opened() {
    Opened now = opened;
    return now != null ? now : openNow();
  }

  /**
   * For a read: the open map and guards, or null while no process has made the index, which
   * then holds nothing (a read does not make it, and a process that never stores never pays
   * for it). Whether one has is a word of the counters' shared page.
   */
  private Opened openedIfMade() {
    Opened now = opened;
    if (now != null) {
      return now;
    }
    return counters.indexMade() ? openNow() : null;
  }

  private synchronized Opened openNow() {
    if (opened == null) {
      if (closed) {
        throw new IllegalStateException("The object index is closed");
      }
      opened = opening.apply(this);
    }
    return opened;
  }

  private static ChronicleMap<Long, byte[]> persistTo(Path file, long entries) {
    ChronicleMapBuilder<Long, byte[]> builder = ChronicleMap.of(Long.class, byte[].class)
        .name("jray-objects")
        .entries(entries)
        .averageValueSize(AVERAGE_ENTRY_BYTES)
        .maxBloatFactor(MAX_BLOAT)
        // Without it the whole file is allocated at once, and on tmpfs that is RAM.
        .sparseFile(true);
    try {
      ChronicleMap<Long, byte[]> map = builder.createPersistedTo(file.toFile());
      SharedFiles.restrict(file);
      return map;
    } catch (IOException e) {
      throw new RayException("Cannot open the object index " + file + ": " + e, e);
    }
  }

  /** Adds the entry unless id is present already; returns whether it was added. */
  boolean insert(long id, byte[] entry) {
    return inSegment(id, true, context -> {
      context.updateLock().lock();
      if (context.entry() != null) {
        return false;
      }
      context.absentEntry().doInsert(new EntryData(entry));
      return true;
    });
  }

  byte[] get(long id) {
    Opened index = openedIfMade();
    return index == null ? null : inSegment(index, id, false, context -> {
      MapEntry<Long, byte[]> entry = context.entry();
      return entry == null ? null : read(entry.value(), Integer.MAX_VALUE);
    });
  }

  boolean contains(long id) {
    Opened index = openedIfMade();
    return index != null && inSegment(index, id, false, context -> context.entry() != null);
  }

  /**
   * Removes id and returns the head of its entry (at most FILE_ENTRY bytes: enough to free it),
   * or null if absent. Reads only the head, so removing a 64 KiB value copies nothing.
   */
  byte[] remove(long id) {
    Opened index = openedIfMade();
    return index == null ? null : inSegment(index, id, true, context -> {
      context.updateLock().lock();
      MapEntry<Long, byte[]> entry = context.entry();
      if (entry == null) {
        return null;
      }
      byte[] head = read(entry.value(), IndexEntry.FILE_ENTRY);
      context.remove(entry);
      return head;
    });
  }

  /** Recovers the segments whose guards dead processes hold; returns how many. */
  int recoverDeadHolders() {
    Opened index = openedIfMade();
    return index == null ? 0 : index.guards().recoverDeadOwners();
  }

  /** How many segments this process has recovered from dead holders. */
  int recoveries() {
    return recoveries.get();
  }

  int segments() {
    return opened().guards().segments();
  }

  /**
   * Runs op on id's query context while this thread holds the segment's guard. The context is
   * closed, releasing Chronicle's lock, before the guard is.
   */
  <T> T inSegment(long id, boolean write, Function<ExternalMapQueryContext<Long, byte[], ?>, T> op) {
    return inSegment(opened(), id, write, op);
  }

  private static <T> T inSegment(Opened index, long id, boolean write,
      Function<ExternalMapQueryContext<Long, byte[], ?>, T> op) {
    SegmentGuards guards = index.guards();
    ExternalMapQueryContext<Long, byte[], ?> context = index.map().queryContext(id);
    int segment;
    try {
      segment = context.segmentIndex();
      guards.acquire(segment, write);
    } catch (RuntimeException | Error e) {
      context.close();
      throw e;
    }
    try {
      try (context) {
        return op.apply(context);
      }
    } catch (InterProcessDeadLockException e) {
      // Cannot happen while every user holds the guard; say so rather than hang the caller.
      throw new RayException("The object store's segment " + segment + " is locked by a process "
          + "that bypassed its guard: " + e.getMessage().lines().findFirst().orElse(""), e);
    } finally {
      guards.release(segment);
    }
  }

  private static byte[] read(Data<byte[]> value, int max) {
    byte[] bytes = new byte[(int) Math.min(value.size(), max)];
    value.bytes().read(value.offset(), bytes, 0, bytes.length);
    return bytes;
  }

  /**
   * The guard's owner died, maybe inside Chronicle's lock of segment, and nobody else can hold
   * that lock: clear it (as recoverPersistedTo does, but for one segment and with others running).
   */
  private void recover(ChronicleMap<Long, byte[]> map, int segment, long deadOwner) {
    long header = ((VanillaChronicleHash<?, ?, ?, ?>) map).segmentHeaderAddress(segment);
    BigSegmentHeader lock = BigSegmentHeader.INSTANCE;
    long state = lock.getLockState(header);
    if (state != lock.resetLockState()) {
      lock.resetLock(header);
    }
    recoveries.incrementAndGet();
    log.warn("Process {} died while {} segment {} of the object store; recovered it "
            + "(Chronicle lock was {})", ProcessToken.pid(deadOwner),
        (deadOwner & SegmentGuards.WRITE) != 0 ? "writing" : "reading", segment,
        lock.lockStateToString(state));
  }

  /**
   * Passes the id and entry head (at most FILE_ENTRY bytes) of each entry to visitor, in the
   * map's order, until it returns false. Copies no object bytes.
   */
  void forEachHead(HeadVisitor visitor) {
    Opened index = openedIfMade();
    if (index == null) {
      return;
    }
    index.map().forEachEntryWhile(entry -> {
      Data<byte[]> value = entry.value();
      byte[] head = new byte[(int) Math.min(value.size(), IndexEntry.FILE_ENTRY)];
      value.bytes().read(value.offset(), head, 0, head.length);
      return visitor.visit(entry.key().get(), head);
    });
  }

  interface HeadVisitor {
    boolean visit(long id, byte[] head);
  }

  /** Closes the map if it was opened; an index not opened yet never will be. */
  @Override
  public synchronized void close() {
    closed = true;
    if (opened != null) {
      opened.map().close();
    }
  }
}
