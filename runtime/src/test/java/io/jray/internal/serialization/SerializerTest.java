package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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

  record Blobs(byte[] first, String name, byte[] second, byte[] again, List<byte[]> more) {}

  @Test
  void partsHoldTheSameBytesAsSerializeAndLargeArraysAreNotCopied() {
    Serializer serializer = new Serializer();
    byte[] large = filled(SplicingOutput.SPLICE_BYTES, 1);
    byte[] larger = filled(3 * SplicingOutput.SPLICE_BYTES + 7, 2);
    byte[] small = filled(SplicingOutput.SPLICE_BYTES - 1, 3);
    List<Object> values = List.of(large, larger, small, new byte[0], "text",
        new Blobs(large, "n", small, large, List.of(larger, small, filled(70_000, 4))));
    for (Object value : values) {
      byte[] expected = serializer.serialize(value);
      List<ByteBuffer> seen = new ArrayList<>();
      serializer.serialize(value, parts -> {
        assertArrayEquals(expected, Serializer.concat(parts));
        seen.addAll(List.of(parts));
      });
      long shared = seen.stream().filter(part -> part.hasArray()
          && (part.array() == large || part.array() == larger)).count();
      assertEquals(value instanceof Blobs ? 2 : value == large || value == larger ? 1 : 0, shared,
          "arrays passed by reference for " + value.getClass().getSimpleName());
      Object back = serializer.deserialize(expected);
      if (value instanceof byte[] bytes) {
        assertArrayEquals(bytes, (byte[]) back);
      }
    }
    Blobs back = (Blobs) RoundTrip.viaDirectBuffer(values.get(values.size() - 1));
    assertArrayEquals(large, back.first());
    assertSame(back.first(), back.again(), "a shared array stays shared");
    assertArrayEquals(larger, back.more().get(0));
  }

  @Test
  void aPooledCodecLetsGoOfTheArraysItWasGiven() throws Exception {
    Serializer serializer = new Serializer();
    java.lang.ref.WeakReference<byte[]> weak = serializeOnce(serializer, filled(1 << 20, 5));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (weak.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertNull(weak.get(), "the pool still holds the value's array");
  }

  @Test
  void anExceptionFromTheSinkPassesThroughAndTheSerializerStaysUsable() {
    Serializer serializer = new Serializer();
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> serializer.serialize("payload", parts -> {
          throw new IllegalStateException("sink failed");
        }));
    assertEquals("sink failed", thrown.getMessage());
    assertEquals("payload", serializer.deserialize(serializer.serialize("payload")));
  }

  private static java.lang.ref.WeakReference<byte[]> serializeOnce(Serializer serializer,
      byte[] large) {
    int expected = serializer.serialize(large).length;
    serializer.serialize(large, parts -> assertEquals(expected, Serializer.size(parts)));
    return new java.lang.ref.WeakReference<>(large);
  }

  private static byte[] filled(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }
}
