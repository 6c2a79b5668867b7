package io.jray.internal.serialization;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** A rough loop, not JMH: {@code mvn -B -q test -Dtest=SerializerBenchmark -Djray.bench=true}. */
@EnabledIfSystemProperty(named = "jray.bench", matches = "true")
class SerializerBenchmark {
  record Trade(long id, String symbol, double price, int quantity, List<String> tags) {}

  @Test
  void smallRecordAndOneMegabyte() {
    Serializer serializer = new Serializer();
    Trade trade = new Trade(123456789L, "ACME", 101.25, 300, List.of("buy", "limit"));
    System.out.printf("small record: %d bytes serialized%n", serializer.serialize(trade).length);
    measure("small record (serialize+deserialize)", serializer, trade, 200_000, 1_000_000);
    measure("1 MB byte[] (serialize+deserialize)", serializer, new byte[1 << 20], 300, 2_000);
  }

  private static void measure(String what, Serializer serializer, Object value, int warmup, int rounds) {
    for (int i = 0; i < warmup; i++) {
      serializer.deserialize(serializer.serialize(value));
    }
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      serializer.deserialize(serializer.serialize(value));
    }
    System.out.printf("%s: %,d ns/op%n", what, (System.nanoTime() - start) / rounds);
  }
}
