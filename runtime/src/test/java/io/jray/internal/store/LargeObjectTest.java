package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A 1 GiB object, written and read in place; skipped when /dev/shm has under 3 GiB free. */
class LargeObjectTest {
  private static final int GIB = 1 << 30;

  @Test
  @Timeout(300)
  void roundTripsOneGibibyte() throws Exception {
    try (TestSessions sessions = new TestSessions()) {
      Path sessionDir = sessions.newSessionDir();
      assumeTrue(Files.getFileStore(sessionDir).getUsableSpace() >= 3L * GIB, "/dev/shm < 3 GiB free");
      try (ObjectStore store = ObjectStore.create(sessionDir, 2L * GIB)) {
        store.put(42, (byte) 5, GIB, buffer -> {
          while (buffer.hasRemaining()) {
            buffer.putLong(buffer.position() * 31L);
          }
        });

        StoredObject object = store.get(42);
        assertEquals(5, object.flags());
        ByteBuffer data = object.data();
        assertEquals(GIB, data.limit());
        for (int at = 0; at < GIB; at += 8 * 4099) {
          assertEquals(at * 31L, data.getLong(at), "long at " + at);
        }
        assertEquals((GIB - 8) * 31L, data.getLong(GIB - 8));
        assertEquals(GIB, store.usedBytes());
        assertTrue(store.delete(42));
        assertEquals(0, store.usedBytes());
      }
    }
  }
}
