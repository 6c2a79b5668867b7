package io.jray.internal.refs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongCountsTest {
  @Test
  void countsUpAndDownAndForgetsAKeyAtZero() {
    LongCounts counts = new LongCounts();
    assertEquals(1, counts.increment(0));
    assertEquals(2, counts.increment(0));
    assertEquals(1, counts.increment(-5));
    assertEquals(1, counts.decrement(0));
    assertEquals(0, counts.decrement(0));
    assertFalse(counts.contains(0));
    assertEquals(-1, counts.decrement(0));
    assertTrue(counts.remove(-5));
    assertFalse(counts.remove(-5));
    assertTrue(counts.isEmpty());
  }

  /** Against a HashMap, through growth, shrinking and deletes inside colliding runs. */
  @Test
  void agreesWithAHashMapUnderRandomOperations() {
    LongCounts counts = new LongCounts();
    Map<Long, Integer> expected = new HashMap<>();
    Random random = new Random(42);
    for (int round = 0; round < 6; round++) {
      int keys = round % 2 == 0 ? 50_000 : 300; // grow, then shrink back
      for (int i = 0; i < 400_000; i++) {
        // Sequential ids as jray makes them, and multiples of a power of two that collide.
        long key = random.nextBoolean() ? (1L << 40) | random.nextInt(keys)
            : (long) random.nextInt(keys) << 20;
        switch (random.nextInt(3)) {
          case 0 -> assertEquals(expected.merge(key, 1, Integer::sum), counts.increment(key));
          case 1 -> {
            Integer before = expected.get(key);
            int after = counts.decrement(key);
            if (before == null) {
              assertEquals(-1, after);
            } else {
              assertEquals(before - 1, after);
              if (after == 0) {
                expected.remove(key);
              } else {
                expected.put(key, after);
              }
            }
          }
          default -> assertEquals(expected.getOrDefault(key, 0), counts.get(key));
        }
      }
      assertEquals(expected.size(), counts.size());
      long[] present = counts.keys();
      java.util.Arrays.sort(present);
      assertArrayEquals(expected.keySet().stream().mapToLong(Long::longValue).sorted().toArray(),
          present);
      for (Map.Entry<Long, Integer> entry : expected.entrySet()) {
        assertEquals(entry.getValue(), counts.get(entry.getKey()));
      }
      if (round % 2 == 1) { // empty it key by key, so that the table shrinks
        for (long key : present) {
          assertTrue(counts.remove(key));
        }
        expected.clear();
        assertTrue(counts.isEmpty());
      }
    }
  }
}
