package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
  enum Color { RED, GREEN { @Override public String toString() { return "green!"; } } }

  record Point(int x, int y) {}

  record Line(Point from, Point to, String label) {}

  record Polygon(List<Point> points, Map<String, Point> named) {}

  /** No no-arg constructor, private final fields. */
  static final class Account {
    private final String owner;
    private final long cents;

    Account(String owner, long cents) {
      this.owner = owner;
      this.cents = cents;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Account a && a.owner.equals(owner) && a.cents == cents;
    }

    @Override
    public int hashCode() {
      return owner.hashCode();
    }
  }

  static final class Box<T> {
    final T content;

    Box(T content) {
      this.content = content;
    }
  }

  static final class Node {
    String name;
    Node next;
  }

  static Stream<Object> values() {
    return Stream.of(
        0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 3.5d, 2.5f, (short) 7, (byte) -3, 'x', true,
        "", "hello", "ünïcødé ✓ 𝄞", Color.RED, Color.GREEN,
        new Point(1, 2), new Line(new Point(1, 2), new Point(3, 4), "l"),
        new Polygon(List.of(new Point(0, 0), new Point(1, 1)), Map.of("origin", new Point(0, 0))),
        Optional.empty(), Optional.of("x"), OptionalInt.of(4),
        Instant.parse("2024-01-02T03:04:05.123456789Z"), Duration.ofMillis(1234), LocalDate.of(2024, 2, 29),
        LocalDateTime.of(2024, 1, 1, 12, 0), ZonedDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")),
        OffsetDateTime.parse("2024-01-01T00:00+02:00"), Period.ofDays(3), ZoneId.of("UTC"),
        new BigInteger("123456789012345678901234567890"), new BigDecimal("-1234.5678901234567890"),
        UUID.randomUUID(), new Account("ann", 42));
  }

  @ParameterizedTest
  @MethodSource("values")
  void valuesComeBackEqual(Object value) {
    assertEquals(value, RoundTrip.viaBytes(value));
    assertEquals(value, RoundTrip.viaDirectBuffer(value));
    assertEquals(value.getClass(), RoundTrip.viaBytes(value).getClass());
  }

  @Test
  void nullComesBackNull() {
    assertNull(RoundTrip.viaBytes(null));
    assertNull(RoundTrip.viaDirectBuffer(null));
  }

  @Test
  void arrays() {
    assertArrayEquals(new int[] {1, 2, 3}, RoundTrip.viaBytes(new int[] {1, 2, 3}));
    assertArrayEquals(new double[] {1.5, -2}, RoundTrip.viaBytes(new double[] {1.5, -2}));
    assertArrayEquals(new boolean[] {true, false}, RoundTrip.viaDirectBuffer(new boolean[] {true, false}));
    assertArrayEquals(new char[] {'a', 'é'}, RoundTrip.viaBytes(new char[] {'a', 'é'}));
    assertArrayEquals(new String[] {"a", null, "c"}, RoundTrip.viaBytes(new String[] {"a", null, "c"}));
    assertArrayEquals(new Object[] {1, "two", new Point(3, 3), null}, RoundTrip.viaBytes(new Object[] {1, "two", new Point(3, 3), null}));
    int[][] grid = {{1, 2}, {3}, {}};
    assertArrayEquals(grid, RoundTrip.viaBytes(grid));
    Point[][][] cube = {{{new Point(1, 1)}}, {}};
    assertArrayEquals(cube, RoundTrip.viaDirectBuffer(cube));
  }

  @Test
  void emptyAndLargeByteArrays() {
    assertArrayEquals(new byte[0], RoundTrip.viaBytes(new byte[0]));
    byte[] large = new byte[16 << 20];
    new Random(7).nextBytes(large);
    assertArrayEquals(large, RoundTrip.viaBytes(large));
    assertArrayEquals(large, RoundTrip.viaDirectBuffer(large));
  }

  @Test
  void userClassWithGenericField() {
    Box<List<Point>> box = RoundTrip.viaBytes(new Box<>(List.of(new Point(5, 6))));
    assertEquals(List.of(new Point(5, 6)), box.content);
  }

  @Test
  void sharedAndCyclicReferencesKeepTheirShape() {
    Node a = new Node();
    Node b = new Node();
    a.name = "a";
    b.name = "b";
    a.next = b;
    b.next = a;
    Node copy = RoundTrip.viaBytes(a);
    assertEquals("b", copy.next.name);
    assertSame(copy, copy.next.next);

    Point shared = new Point(9, 9);
    Object[] both = RoundTrip.viaBytes(new Object[] {shared, shared});
    assertSame(both[0], both[1]);
  }

  /** Past the first few objects of a graph, references are looked up another way. */
  @Test
  void referencesInALargeGraphKeepTheirShape() {
    Node[] ring = new Node[40];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Node();
      ring[i].name = "n" + i;
    }
    for (int i = 0; i < ring.length; i++) {
      ring[i].next = ring[(i + 1) % ring.length];
    }
    // Each node twice: once in order, once by the ring's links.
    Object[] copy = RoundTrip.viaBytes(new Object[] {ring, ring[0], ring[7], ring[8], ring[39]});
    Node[] nodes = (Node[]) copy[0];
    for (int i = 0; i < ring.length; i++) {
      assertEquals("n" + i, nodes[i].name);
      assertSame(nodes[(i + 1) % ring.length], nodes[i].next);
    }
    assertSame(nodes[0], copy[1]);
    assertSame(nodes[7], copy[2]);
    assertSame(nodes[8], copy[3]);
    assertSame(nodes[39], copy[4]);
    // The same codec, reused, starts from an empty table.
    Point shared = new Point(1, 2);
    Object[] again = RoundTrip.viaBytes(new Object[] {shared, new Point(1, 2), shared});
    assertSame(again[0], again[2]);
    assertEquals(again[0], again[1]);
    assertNotSame(again[0], again[1]);
  }

  @Test
  void enumWithBodyKeepsItsConstant() {
    assertSame(Color.GREEN, RoundTrip.viaBytes(Color.GREEN));
  }
}
