package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ByteBuffers cross processes by value, heap and direct alike, as arguments, results and puts. */
class BuffersIT {
  @BeforeEach
  void start() {
    Ray.init(RayConfig.builder().numCpus(1).build());
  }

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void heapAndDirectBuffersTravelToATaskAndBack() {
    ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3); // position 1, limit 4
    ByteBuffer back = Ray.get(BuffersRemote.reversed(heap));
    assertEquals(ByteBuffer.wrap(new byte[] {'H', 3, 2, 1}), back);
    assertFalse(back.isDirect());
    assertEquals(1, heap.position(), "sending moved the caller's buffer");

    ByteBuffer direct = ByteBuffer.allocateDirect(3 << 20); // larger than an inline argument
    for (int i = 0; i < direct.capacity(); i++) {
      direct.put((byte) i);
    }
    direct.flip();
    ByteBuffer reversed = Ray.get(BuffersRemote.reversed(direct));
    assertTrue(reversed.isDirect());
    assertEquals(direct.capacity() + 1, reversed.remaining());
    assertEquals('D', reversed.get(0));
    assertEquals((byte) (direct.capacity() - 1), reversed.get(1));
    assertEquals((byte) 0, reversed.get(reversed.limit() - 1));

    ObjectRef<ByteBuffer> put = Ray.put(ByteBuffer.wrap(new byte[] {4, 5}));
    assertEquals(ByteBuffer.wrap(new byte[] {'H', 5, 4}), Ray.get(BuffersRemote.reversed(put)));
  }
}
