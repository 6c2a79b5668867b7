package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerializerTest {
  record Item(int id, String name, List<Integer> tags) {}

  /** Stands in for the runtime's ObjectRef: an interface with a custom serializer. */
  interface Ref {
    String hex();
  }

  record RefImpl(String hex) implements Ref {}

  static final class RefSerializer extends com.esotericsoftware.kryo.Serializer<Ref> {
    @Override
    public void write(Kryo kryo, Output output, Ref ref) {
      output.writeString("ref:" + ref.hex());
    }

    @Override
    public Ref read(Kryo kryo, Input input, Class<? extends Ref> type) {
      return new RefImpl(input.readString());
    }
  }

  @Test
  void customizerRunsOnEveryPooledKryo() {
    Serializer serializer = new Serializer(kryo -> kryo.addDefaultSerializer(Ref.class, new RefSerializer()));
    Ref copy = (Ref) serializer.deserialize(serializer.serialize(new RefImpl("ab12")));
    assertEquals("ref:ab12", copy.hex());
  }

  @Test
  void manyThreadsAtOnce() throws Exception {
    Serializer serializer = new Serializer();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            Item item = new Item(seed * 100_000 + i, "item-" + i, List.of(i, seed));
            assertEquals(item, serializer.deserialize(serializer.serialize(item)));
          }
        }));
      }
      for (Future<?> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sinkGetsTheExactSizeAndTheBufferPositionIsLeftAlone() {
    Serializer serializer = new Serializer();
    byte[] expected = serializer.serialize("payload");
    ByteBuffer shared = ByteBuffer.allocateDirect(100);
    shared.position(10);
    int written = serializer.serialize("payload", size -> {
      assertEquals(expected.length, size);
      return shared.slice(10, size);
    });
    assertEquals(expected.length, written);
    ByteBuffer view = shared.slice(10, written).asReadOnlyBuffer();
    assertEquals("payload", serializer.deserialize(view));
    assertEquals(0, view.position());
    assertThrows(IllegalArgumentException.class, () -> serializer.serialize("payload", size -> ByteBuffer.allocate(size - 1)));
  }
}
