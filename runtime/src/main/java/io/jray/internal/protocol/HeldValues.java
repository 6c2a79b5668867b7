package io.jray.internal.protocol;

import io.jray.internal.Log;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The small values of the replies an actor's host holds back to go with later ones, in a file of
 * the session folder (shared memory) that outlives the host: should it die before it writes
 * them, the driver reads them there and takes those calls as done, where it would otherwise run
 * them again. A reply that goes at once needs no copy here, and a value that does not fit a slot
 * goes into the object store instead. Cheaper than the store's put by far, and the same for a
 * fresh JVM: a copy into mapped memory, no index, no lock.
 *
 * <p>One slot per reply the host may hold at once; a slot is void while its id is 0. The host
 * writes a slot's id last (with release order), after voiding it and writing the value, so a
 * host killed part way leaves either the whole value or none. A slot is written again only once
 * the replies held before have reached the kernel: the driver reads those from the channel.
 */
public final class HeldValues {
  /**
   * A slot holds a value of up to this many bytes: the largest copy a reply carries (the
   * worker's {@code Calls.VALUE_COPY_LIMIT} is this).
   */
  public static final int MAX_VALUE_BYTES = 1024;
  /** The id (8 bytes), the value's length (4, then 4 unused), then the value. */
  private static final int HEADER_BYTES = 16;
  private static final int SLOT_BYTES = HEADER_BYTES + MAX_VALUE_BYTES;
  private static final VarHandle ID =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final Path file;
  private final int slots;
  /** Mapped at the first value held, so that a host that never holds makes no file. */
  private MappedByteBuffer buffer;
  /** The file could not be made: values go into the store instead. */
  private boolean failed;

  private HeldValues(Path file, int slots) {
    this.file = file;
    this.slots = slots;
  }

  /** The file of the actor channel {@code tag} in the session folder. */
  public static Path file(Path sessionDir, int tag) {
    return sessionDir.resolve("held-" + tag);
  }

  /** Slots for a host that holds at most {@code slots} replies at once, mapped when first used. */
  public static HeldValues of(Path file, int slots) {
    return new HeldValues(file, slots);
  }

  /**
   * Copies the value of reply {@code id} into slot {@code slot}; false if it does not fit, or the
   * file cannot be made (then the caller stores it).
   */
  public boolean put(int slot, long id, byte[] value) {
    if (slot < 0 || slot >= slots || value.length > MAX_VALUE_BYTES || !mapped()) {
      return false;
    }
    int at = slot * SLOT_BYTES;
    ID.setRelease(buffer, at, 0L);
    buffer.putInt(at + Long.BYTES, value.length);
    buffer.put(at + HEADER_BYTES, value);
    ID.setRelease(buffer, at, id);
    return true;
  }

  private boolean mapped() {
    if (buffer != null) {
      return true;
    }
    if (failed) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) slots * SLOT_BYTES);
      buffer.order(ByteOrder.nativeOrder());
      return true;
    } catch (IOException | RuntimeException e) {
      Log.warn("Cannot make {} for the replies this host holds back; their values go into the"
          + " store: {}", file, e.toString());
      failed = true;
      return false;
    }
  }

  /**
   * For the driver, once the host has died and its channel has been read to its end: the values
   * in the file by reply id (those of replies that did reach the driver too, which it ignores),
   * and the file goes. Empty if the host held nothing back.
   */
  public static Map<Long, byte[]> takeFrom(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      Log.warn("Cannot read {}, the values a dead actor host held back: {}", file, e.toString());
      return Map.of();
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      Log.debug("Cannot delete {}: {}", file, e.toString()); // the session's end removes it
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    Map<Long, byte[]> values = new HashMap<>();
    for (int at = 0; at + SLOT_BYTES <= bytes.length; at += SLOT_BYTES) {
      long id = buffer.getLong(at);
      int length = buffer.getInt(at + Long.BYTES);
      if (id != 0 && length >= 0 && length <= MAX_VALUE_BYTES) {
        byte[] value = new byte[length];
        buffer.get(at + HEADER_BYTES, value);
        values.put(id, value);
      }
    }
    return values;
  }
}
