package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.nio.file.Path;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * The Chronicle Map that every process shares: object id to {@link IndexEntry}. Entries stay
 * small (large objects live in files), so segment locks are held for microseconds: a process
 * killed while holding one blocks that segment for good.
 */
final class ObjectIndex implements AutoCloseable {
  /** Chronicle sizes its chunks from the average entry; most task results are small. */
  private static final int AVERAGE_ENTRY_BYTES = 1024;
  /**
   * One planned entry per this many bytes of capacity. Chronicle touches about 75 bytes of the
   * (sparse) file per planned entry when it creates the map, so this keeps that under 0.5% of the
   * capacity: 34 MB for 7 GiB.
   */
  private static final long CAPACITY_PER_ENTRY = 16 * 1024;
  private static final long MIN_ENTRIES = 1 << 16;
  private static final long MAX_ENTRIES = 1 << 20;
  /** Past its planned entries the map may grow by this factor (extra tiers) before it is full. */
  private static final double MAX_BLOAT = 4.0;

  private final ChronicleMap<Long, byte[]> map;

  private ObjectIndex(ChronicleMap<Long, byte[]> map) {
    this.map = map;
  }

  /**
   * A new index for a store of capacity bytes. When its entries and tiers are all used, puts
   * fall back to files (see ObjectStore), so the plan bounds speed, not what fits.
   */
  static ObjectIndex create(Path file, long capacity) {
    long entries = Math.max(MIN_ENTRIES, Math.min(MAX_ENTRIES, capacity / CAPACITY_PER_ENTRY));
    return new ObjectIndex(persistTo(file, entries));
  }

  /** The index that create() made: the file's header, not this builder, decides its layout. */
  static ObjectIndex open(Path file) {
    return new ObjectIndex(persistTo(file, MIN_ENTRIES));
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
      return builder.createPersistedTo(file.toFile());
    } catch (IOException e) {
      throw new RayException("Cannot open the object index " + file + ": " + e, e);
    }
  }

  /** Adds the entry unless id is present already; returns whether it was added. */
  boolean insert(long id, byte[] entry) {
    return map.putIfAbsent(id, entry) == null;
  }

  byte[] get(long id) {
    return map.get(id);
  }

  boolean contains(long id) {
    return map.containsKey(id);
  }

  /**
   * Removes id and returns the head of its entry (at most FILE_ENTRY bytes: enough to free it),
   * or null if absent. Reads only the head, so removing a 64 KiB value copies nothing.
   */
  byte[] remove(long id) {
    try (ExternalMapQueryContext<Long, byte[], ?> context = map.queryContext(id)) {
      context.updateLock().lock();
      MapEntry<Long, byte[]> entry = context.entry();
      if (entry == null) {
        return null;
      }
      Data<byte[]> value = entry.value();
      byte[] head = new byte[(int) Math.min(value.size(), IndexEntry.FILE_ENTRY)];
      value.bytes().read(value.offset(), head, 0, head.length);
      context.remove(entry);
      return head;
    }
  }

  /**
   * Passes the id and entry head (at most FILE_ENTRY bytes) of each entry to visitor, in the
   * map's order, until it returns false. Copies no object bytes.
   */
  void forEachHead(HeadVisitor visitor) {
    map.forEachEntryWhile(entry -> {
      Data<byte[]> value = entry.value();
      byte[] head = new byte[(int) Math.min(value.size(), IndexEntry.FILE_ENTRY)];
      value.bytes().read(value.offset(), head, 0, head.length);
      return visitor.visit(entry.key().get(), head);
    });
  }

  interface HeadVisitor {
    boolean visit(long id, byte[] head);
  }

  @Override
  public void close() {
    map.close();
  }
}
