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
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which large objects some process is reading right now, in a small file that every process
 * maps: a reader takes a slot (its process token and the object's id) before it opens the
 * object's file, and frees it once it no longer reads the mapping. The store's owner reuses the
 * file of a freed object for a new one only if no slot names that object (see {@link FilePool}).
 *
 * <p>That is safe without any lock because of the order on both sides: a reader publishes its
 * slot, then opens the file by name; the owner renames the file away, then looks at the slots.
 * Either the owner sees the slot, or the reader comes too late to find the file. When every slot
 * is taken a reader counts itself in an overflow word instead, and nothing is reused while that
 * is above zero. Slots (and overflow counts) of a process that died stay until {@link
 * #removeDead}; until then they only keep files from being reused.
 */
final class ReaderLeases {
  /** A lease that holds no slot: the reader counted itself in the overflow word. */
  static final int OVERFLOW = -1;
  private static final int SLOTS = 1024;
  private static final int SLOT_BYTES = 16;
  private static final int OVERFLOW_AT = SLOTS * SLOT_BYTES;
  private static final int SIZE = OVERFLOW_AT + 64;
  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final MappedByteBuffer page;

  private ReaderLeases(MappedByteBuffer page) {
    this.page = page;
  }

  static ReaderLeases create(Path file) {
    return new ReaderLeases(map(file, StandardOpenOption.CREATE_NEW));
  }

  static ReaderLeases open(Path file) {
    return new ReaderLeases(map(file));
  }

  private static MappedByteBuffer map(Path file, StandardOpenOption... extra) {
    try (FileChannel channel =
        FileChannel.open(file, SharedFiles.readWrite(extra), SharedFiles.OWNER_ONLY)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
    } catch (IOException e) {
      throw new RayException("Cannot map the object store's reader leases " + file + ": " + e, e);
    }
  }

  /** Publishes that this process is about to read object id; returns the lease for release. */
  int acquire(long id) {
    int start = ThreadLocalRandom.current().nextInt(SLOTS);
    for (int i = 0; i < SLOTS; i++) {
      int slot = (start + i) % SLOTS;
      if ((long) LONG.getVolatile(page, owner(slot)) == 0
          && LONG.compareAndSet(page, owner(slot), 0L, ProcessToken.SELF)) {
        LONG.setVolatile(page, id(slot), id);
        return slot;
      }
    }
    LONG.getAndAdd(page, OVERFLOW_AT, 1L);
    return OVERFLOW;
  }

  void release(int lease) {
    if (lease == OVERFLOW) {
      LONG.getAndAdd(page, OVERFLOW_AT, -1L);
      return;
    }
    LONG.setVolatile(page, id(lease), 0L);
    LONG.setVolatile(page, owner(lease), 0L);
  }

  /** Whether some process may be reading object id (conservative: true on overflow). */
  boolean mayBeRead(long id) {
    if ((long) LONG.getVolatile(page, OVERFLOW_AT) != 0) {
      return true;
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      if ((long) LONG.getVolatile(page, id(slot)) == id
          && (long) LONG.getVolatile(page, owner(slot)) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Frees the slots of processes that are gone; returns how many. */
  int removeDead() {
    int removed = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      long owner = (long) LONG.getVolatile(page, owner(slot));
      if (owner != 0 && !ProcessToken.isAlive(owner)
          && LONG.compareAndSet(page, owner(slot), owner, 0L)) {
        removed++;
      }
    }
    return removed;
  }

  private static int owner(int slot) {
    return slot * SLOT_BYTES;
  }

  private static int id(int slot) {
    return slot * SLOT_BYTES + 8;
  }
}
