package io.jray.internal.store;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.AbstractData;

/**
 * An index entry as Chronicle's value to insert. Chronicle's own wrapper of a byte[] allocates a
 * reference-counted heap store for every insert and copies from it through the generic
 * RandomDataInput path; this copies the array into the map in one bulk write and builds the heap
 * store only if Chronicle asks for the value's bytes (it does not, to insert).
 */
final class EntryData extends AbstractData<byte[]> {
  private final byte[] entry;
  private BytesStore<?, byte[]> bytes;

  EntryData(byte[] entry) {
    this.entry = entry;
  }

  @Override
  @SuppressWarnings("rawtypes") // as Data declares it
  public void writeTo(RandomDataOutput target, long targetOffset) {
    target.write(targetOffset, entry, 0, entry.length);
  }

  @Override
  public RandomDataInput bytes() {
    if (bytes == null) {
      bytes = BytesStore.wrap(entry);
    }
    return bytes;
  }

  @Override
  public long offset() {
    return 0;
  }

  @Override
  public long size() {
    return entry.length;
  }

  @Override
  public byte[] get() {
    return entry;
  }

  @Override
  public byte[] getUsing(byte[] using) {
    return entry;
  }
}
