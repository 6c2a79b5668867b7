package io.jray.internal.store;

// TEMPORARY stand-in until the real Chronicle-backed store lands (helper is writing it).
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import net.openhft.chronicle.map.ChronicleMap;

public final class ObjectStore implements AutoCloseable {
  static { System.setProperty("chronicle.analytics.disable", "true"); }
  private final ChronicleMap<Long, byte[]> map;

  private ObjectStore(ChronicleMap<Long, byte[]> map) { this.map = map; }

  public static ObjectStore create(Path dir, long capacity) { return open(dir); }

  public static ObjectStore open(Path dir) {
    try {
      return new ObjectStore(ChronicleMap.of(Long.class, byte[].class).entries(100_000)
          .averageValueSize(1024).maxBloatFactor(10).createPersistedTo(dir.resolve("store.cm").toFile()));
    } catch (IOException e) { throw new UncheckedIOException(e); }
  }

  public void put(long id, byte flags, byte[] data) {
    byte[] v = new byte[data.length + 1]; v[0] = flags; System.arraycopy(data, 0, v, 1, data.length); map.put(id, v);
  }
  public void put(long id, byte flags, int length, Consumer<ByteBuffer> writer) {
    ByteBuffer b = ByteBuffer.allocate(length); writer.accept(b); put(id, flags, b.array());
  }
  public StoredObject get(long id) {
    byte[] v = map.get(id); if (v == null) return null;
    return new StoredObject(v[0], ByteBuffer.wrap(v, 1, v.length - 1).slice().asReadOnlyBuffer());
  }
  public boolean contains(long id) { return map.containsKey(id); }
  public boolean delete(long id) { return map.remove(id) != null; }
  public long usedBytes() { return 0; }
  public long capacityBytes() { return 0; }
  public long objectCount() { return map.size(); }
  public void close() { map.close(); }
}
