package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CorruptInputTest {
  record Order(String id, List<String> lines, Map<String, Integer> counts, int[] numbers) {}

  private static final Serializer SERIALIZER = RoundTrip.SERIALIZER;

  private static void rejected(byte[] bytes) {
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertThrows(SerializationException.class, () -> SERIALIZER.deserialize(bytes));
      assertThrows(SerializationException.class, () -> SERIALIZER.deserialize(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
    });
  }

  /**
   * The class name and reference marker that our own Kryo writes for a one-element array, then
   * a hostile length in place of the real one. The real value ends with its length (1 + 1) and
   * its single element (one byte: 0 or null).
   */
  private static byte[] headerThenLength(Object oneElementArray, int length) {
    byte[] real = SERIALIZER.serialize(oneElementArray);
    Output out = new Output(64);
    out.writeBytes(real, 0, real.length - 2);
    out.writeVarInt(length, true);
    return out.toBytes();
  }

  @Test
  void emptyAndTruncatedInput() {
    rejected(new byte[0]);
    byte[] whole = SERIALIZER.serialize(new Order("o", List.of("a", "b"), Map.of("a", 1), new int[] {1, 2}));
    for (int cut = 1; cut < whole.length; cut++) {
      rejected(Arrays.copyOf(whole, cut));
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] whole = SERIALIZER.serialize("value");
    rejected(Arrays.copyOf(whole, whole.length + 3));
  }

  @Test
  void hugeLengthPrefixesDoNotAllocate() {
    for (Object sample : new Object[] {new byte[1], new int[1], new String[1]}) {
      rejected(headerThenLength(sample, Integer.MAX_VALUE));
      rejected(headerThenLength(sample, Integer.MAX_VALUE - 8));
    }
    byte[] list = SERIALIZER.serialize(new ArrayList<>(List.of(1)));
    // An ArrayList of one Integer ends with: the "same type" flag and length, Integer's class id,
    // the reference marker and the value.
    Output out = new Output(64);
    out.writeBytes(list, 0, list.length - 4);
    out.writeVarIntFlag(true, Integer.MAX_VALUE, true);
    rejected(out.toBytes());
  }

  @Test
  void randomGarbageNeverHangsOrEscapesAsAnotherException() {
    Random random = new Random(42);
    byte[] valid = SERIALIZER.serialize(new Order("o", List.of("a"), Map.of("k", 2), new int[] {3}));
    for (int i = 0; i < 2000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = new byte[1 + random.nextInt(64)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      }
      byte[] input = bytes;
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        try {
          SERIALIZER.deserialize(input);
        } catch (SerializationException expected) {
          assertTrue(expected.getMessage().startsWith("Cannot deserialize") || expected.getMessage().startsWith(FailureMessages.CORRUPT),
              expected.getMessage());
        }
      });
    }
  }
}
