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

/**
 * The store's capacity, bytes used and object count, and whether its index is made, in a small
 * file that every process maps.
 * Updates are CPU atomics on the shared page, so they are exact across processes and cost nanoseconds,
 * where a Chronicle entry updated with compute() would take a segment lock on every put.
 */
final class SharedCounters {
  private static final long MAGIC = 0x6a7261792d737431L; // "jray-st1"
  private static final int MAGIC_AT = 0;
  private static final int CAPACITY_AT = 8;
  private static final int USED_AT = 16;
  private static final int COUNT_AT = 24;
  private static final int SPILLED_AT = 32;
  private static final int POOLED_AT = 40;
  /** 1 once the index is made (see ObjectIndex.onFirstUse). */
  private static final int INDEX_MADE_AT = 48;
  private static final int SIZE = 64;
  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final MappedByteBuffer page;
  private final long capacity;

  private SharedCounters(MappedByteBuffer page) {
    this.page = page;
    this.capacity = (long) LONG.getVolatile(page, CAPACITY_AT);
  }

  static SharedCounters create(Path file, long capacity) {
    MappedByteBuffer page = map(file, StandardOpenOption.CREATE_NEW);
    LONG.setVolatile(page, CAPACITY_AT, capacity);
    LONG.setVolatile(page, MAGIC_AT, MAGIC); // last: marks the file as complete
    return new SharedCounters(page);
  }

  static SharedCounters open(Path file) {
    MappedByteBuffer page = map(file);
    if ((long) LONG.getVolatile(page, MAGIC_AT) != MAGIC) {
      throw new RayException("Not a jray object store, or one still being created: " + file);
    }
    return new SharedCounters(page);
  }

  private static MappedByteBuffer map(Path file, StandardOpenOption... extra) {
    try (FileChannel channel = FileChannel.open(file, SharedFiles.readWrite(extra), SharedFiles.OWNER_ONLY)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
    } catch (IOException e) {
      throw new RayException("Cannot map the object store's counters " + file + ": " + e, e);
    }
  }

  long capacity() {
    return capacity;
  }

  long used() {
    return (long) LONG.getVolatile(page, USED_AT);
  }

  long count() {
    return (long) LONG.getVolatile(page, COUNT_AT);
  }

  boolean hasRoom(long size) {
    return size <= capacity - used();
  }

  /** Claims size bytes if they fit within the capacity; returns whether it did. */
  boolean tryReserve(long size) {
    long used;
    do {
      used = used();
      if (size > capacity - used) {
        return false;
      }
    } while (!LONG.compareAndSet(page, USED_AT, used, used + size));
    return true;
  }

  /** Gives back bytes reserved for an object that was not stored, or that was deleted. */
  void release(long size) {
    LONG.getAndAdd(page, USED_AT, -size);
  }

  /** Bytes of object files copied to the spill folder (they may also be in memory). */
  long spilled() {
    return (long) LONG.getVolatile(page, SPILLED_AT);
  }

  void addSpilled(long delta) {
    LONG.getAndAdd(page, SPILLED_AT, delta);
  }

  /** Bytes of freed objects' files kept for reuse (see FilePool); included in {@link #used}. */
  long pooled() {
    return (long) LONG.getVolatile(page, POOLED_AT);
  }

  void addPooled(long delta) {
    LONG.getAndAdd(page, POOLED_AT, delta);
  }

  void addObjects(long delta) {
    LONG.getAndAdd(page, COUNT_AT, delta);
  }

  /** Whether some process has made the index, whole: a read of the shared page, nanoseconds. */
  boolean indexMade() {
    return (long) LONG.getVolatile(page, INDEX_MADE_AT) != 0;
  }

  /** Says that the index and its guards are whole: from now on processes open them. */
  void markIndexMade() {
    LONG.setVolatile(page, INDEX_MADE_AT, 1L);
  }
}
