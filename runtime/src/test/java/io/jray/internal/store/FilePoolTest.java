package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FilePoolTest {
  private static final int SIZE = 1 << 20;

  private final TestSessions sessions = new TestSessions();
  private Path dir;
  private SharedCounters counters;
  private FilePool pool;

  @BeforeEach
  void createPool() throws Exception {
    dir = sessions.newSessionDir();
    counters = SharedCounters.create(dir.resolve("counters"), 64L << 20);
    pool = new FilePool(dir, counters);
  }

  @AfterEach
  void removePool() throws Exception {
    pool.close();
    sessions.close();
  }

  @Test
  void aPooledFileComesMappedWithItsBytes() throws Exception {
    byte[] bytes = StoreChild.Values.of(3, SIZE);
    Path file = pool.newName();
    Files.write(file, bytes);

    assertTrue(pool.add(file, SIZE));
    FilePool.Pooled taken = pool.take(SIZE - 1);

    assertEquals(file, taken.file());
    MappedByteBuffer mapping = taken.claim(true);
    assertNotNull(mapping);
    byte[] mapped = new byte[SIZE];
    mapping.get(0, mapped);
    assertArrayEquals(bytes, mapped);
    assertNull(pool.take(SIZE), "taken once");
    FileMappings.unmap(mapping);
  }

  @Test
  void aFileFreedOnceThePoolIsClosedIsDeleted() throws Exception {
    Path file = pool.newName();
    Files.write(file, new byte[SIZE]);
    assertEquals(0, pool.close());

    assertFalse(pool.add(file, SIZE), "the caller gives its bytes back");
    assertFalse(Files.exists(file));
    assertEquals(0, counters.pooled());
  }

  @Test
  void closeDeletesThePooledFilesAndSaysHowManyBytesTheyHeld() throws Exception {
    for (int i = 1; i <= 2; i++) {
      Path file = pool.newName();
      Files.write(file, new byte[i * SIZE]);
      assertTrue(pool.add(file, i * SIZE));
    }
    assertEquals(3L * SIZE, counters.pooled());

    assertEquals(3L * SIZE, pool.close());
    assertEquals(0, pool.close(), "idempotent");

    assertEquals(0, counters.pooled());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("free-")).count());
    }
  }
}
