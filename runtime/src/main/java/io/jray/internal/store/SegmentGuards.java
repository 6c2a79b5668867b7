package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One exclusive lock word per segment of the index, in a small file that every process maps. A
 * process takes a segment's guard before it touches that segment of the Chronicle Map and drops
 * it only after Chronicle's own lock is released, so Chronicle's lock is never contended and its
 * only possible holder is the guard's owner.
 *
 * <p>That is what makes a dead holder recoverable. Chronicle's lock word records no owner, so a
 * process killed while holding it blocks the segment for good; a guard word holds its owner's
 * {@link ProcessToken}. A waiter that finds the owner dead takes the guard over and resets
 * Chronicle's lock, which nobody else can hold.
 */
final class SegmentGuards {
  /** What to do to a segment whose guard was held by a dead process before it is used again. */
  interface DeadOwnerHandler {
    void recover(int segment, long deadOwner);
  }

  static final long WRITE = 1;
  /** How long an owner may hold a guard before waiters check that it is alive. */
  private static final long CHECK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int SPINS = 256;
  private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  private static final int SEGMENTS_AT = 0;
  private static final int WORDS_AT = 64;
  /** One cache line per guard: segments are used by different processes at once. */
  private static final int STRIDE = 64;
  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final MappedByteBuffer page;
  private final int segments;
  private final DeadOwnerHandler handler;
  /** How long a live owner may keep a guard before a waiter gives up (Tuning#storeLockTimeout). */
  private final long timeoutNanos;

  private SegmentGuards(MappedByteBuffer page, DeadOwnerHandler handler, long timeoutNanos) {
    this.page = page;
    this.segments = (int) (long) LONG.getVolatile(page, SEGMENTS_AT);
    this.handler = handler;
    this.timeoutNanos = timeoutNanos;
  }

  static SegmentGuards create(Path file, int segments, DeadOwnerHandler handler,
      long timeoutNanos) {
    MappedByteBuffer page = map(file, segments, StandardOpenOption.CREATE_NEW);
    LONG.setVolatile(page, SEGMENTS_AT, (long) segments);
    return new SegmentGuards(page, handler, timeoutNanos);
  }

  static SegmentGuards open(Path file, int segments, DeadOwnerHandler handler,
      long timeoutNanos) {
    SegmentGuards guards = new SegmentGuards(map(file, segments), handler, timeoutNanos);
    if (guards.segments != segments) {
      throw new RayException("The object store's guard file " + file + " has "
          + guards.segments + " segments, its index " + segments);
    }
    return guards;
  }

  private static MappedByteBuffer map(Path file, int segments, StandardOpenOption... extra) {
    try (FileChannel channel = FileChannel.open(file, SharedFiles.readWrite(extra), SharedFiles.OWNER_ONLY)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, WORDS_AT + (long) segments * STRIDE);
    } catch (IOException e) {
      throw new RayException("Cannot map the object store's guards " + file + ": " + e, e);
    }
  }

  int segments() {
    return segments;
  }

  /**
   * Takes segment's guard for this thread, waiting for its owner; recovers the segment first if
   * the owner died holding it. Throws RayException if a live owner keeps it past the timeout.
   */
  void acquire(int segment, boolean write) {
    long mine = ProcessToken.SELF | (write ? WRITE : 0);
    int at = at(segment);
    if (LONG.compareAndSet(page, at, 0L, mine)) {
      return;
    }
    long start = System.nanoTime();
    long nextCheck = start + CHECK_AFTER_NANOS;
    long park = 1_000;
    for (int spins = 0; ; spins++) {
      long owner = (long) LONG.getVolatile(page, at);
      if (owner == 0) {
        if (LONG.compareAndSet(page, at, 0L, mine)) {
          return;
        }
        continue;
      }
      if (spins < SPINS) {
        Thread.onSpinWait();
        continue;
      }
      LockSupport.parkNanos(park);
      park = Math.min(MAX_PARK_NANOS, park * 2);
      long now = System.nanoTime();
      if (now - nextCheck >= 0) {
        nextCheck = now + CHECK_EVERY_NANOS;
        if (takeOverIfDead(segment, owner, mine)) {
          return;
        }
        if (now - start > timeoutNanos && (long) LONG.getVolatile(page, at) == owner) {
          throw new RayException(String.format("The object store's segment %d has been held for "
              + "%d ms by process %d, which is still running. If that process hangs, stop it: "
              + "its segment is then recovered. (The wait is RayConfig's Tuning.storeLockTimeout.)",
              segment, TimeUnit.NANOSECONDS.toMillis(now - start), ProcessToken.pid(owner)));
        }
      }
    }
  }

  void release(int segment) {
    LONG.setVolatile(page, at(segment), 0L);
  }

  /**
   * Recovers every segment whose guard is held by a dead process; returns how many. Cheap when
   * there is none: one read per segment.
   */
  int recoverDeadOwners() {
    int recovered = 0;
    for (int segment = 0; segment < segments; segment++) {
      long owner = (long) LONG.getVolatile(page, at(segment));
      if (owner != 0 && takeOverIfDead(segment, owner, ProcessToken.SELF | WRITE)) {
        release(segment);
        recovered++;
      }
    }
    return recovered;
  }

  /** The token of segment's owner and its mode bit, or 0 if free. */
  long owner(int segment) {
    return (long) LONG.getVolatile(page, at(segment));
  }

  private boolean takeOverIfDead(int segment, long owner, long mine) {
    if ((owner & ~WRITE) == ProcessToken.SELF || ProcessToken.isAlive(owner)) {
      return false;
    }
    if (!LONG.compareAndSet(page, at(segment), owner, mine)) {
      return false; // another process recovered it first
    }
    try {
      handler.recover(segment, owner);
    } catch (RuntimeException | Error e) {
      release(segment);
      throw e;
    }
    return true;
  }

  private int at(int segment) {
    if (segment < 0 || segment >= segments) {
      throw new IllegalArgumentException("segment " + segment + " of " + segments);
    }
    return WORDS_AT + segment * STRIDE;
  }
}
