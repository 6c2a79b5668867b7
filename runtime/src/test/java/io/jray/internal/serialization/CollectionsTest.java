package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CollectionsTest {
  enum Day { MON, TUE, WED }

  record Team(String name, List<String> members, Map<String, Integer> scores) {}

  static Stream<Object> collections() {
    LinkedHashMap<String, Integer> ordered = new LinkedHashMap<>();
    ordered.put("z", 1);
    ordered.put("a", 2);
    TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1));
    EnumMap<Day, String> days = new EnumMap<>(Day.class);
    days.put(Day.TUE, "tue");
    return Stream.of(
        new ArrayList<>(List.of(1, 2, 3)), new LinkedList<>(List.of("a", "b")), new HashMap<>(Map.of(1, "one")),
        sorted, ordered, new HashSet<>(Set.of(1, 2)), new LinkedHashSet<>(List.of(3, 1, 2)), new TreeSet<>(Set.of(5, 4)),
        EnumSet.of(Day.MON, Day.WED), EnumSet.noneOf(Day.class), days, new EnumMap<Day, String>(Day.class),
        List.of(), List.of(1, 2, 3), List.of(1), Set.of(), Set.of("x", "y", "z"),
        Map.of(), Map.of("k", 1, "l", 2), Map.entry("k", "v"), List.copyOf(new ArrayList<>(List.of(7, 8))),
        Set.copyOf(List.of(1, 2)), Map.copyOf(Map.of(1, 1)), Stream.of("a", null).toList(),
        new AbstractMap.SimpleEntry<>("a", 1), new AbstractMap.SimpleImmutableEntry<>("b", 2),
        Collections.unmodifiableList(new ArrayList<>(List.of(3, 2, 1))), Collections.unmodifiableList(new LinkedList<>(List.of(1))),
        Collections.unmodifiableMap(ordered), Collections.unmodifiableSet(new LinkedHashSet<>(List.of(2, 1))),
        Collections.unmodifiableSortedMap(sorted),
        Collections.emptyList(), Collections.emptyMap(), Collections.emptySet(), Collections.singletonList("s"),
        Collections.singleton(1), Collections.singletonMap("k", "v"), Arrays.asList(1, 2, 3),
        Collections.synchronizedList(new ArrayList<>(List.of(1, 2))), Collections.synchronizedMap(new HashMap<>(Map.of(1, 2))),
        new Team("t", List.of("ann", "bob"), Map.of("ann", 3)));
  }

  @ParameterizedTest
  @MethodSource("collections")
  void comesBackEqualOfTheSameClass(Object value) {
    Object copy = RoundTrip.viaBytes(value);
    assertEquals(value, copy);
    assertSame(value.getClass(), copy.getClass());
    assertEquals(value, RoundTrip.viaDirectBuffer(value));
    // Set.of and Map.of iterate in an order that the JDK randomizes per JVM: nothing to keep there.
    boolean ordered = value instanceof List || value instanceof java.util.SortedSet || value instanceof LinkedHashSet;
    if (value instanceof Collection<?> c && ordered) {
      assertEquals(new ArrayList<>(c), new ArrayList<>((Collection<?>) copy), "iteration order");
    }
    if (value instanceof Map<?, ?> m && !(m instanceof HashMap) && m.getClass().getName().contains("Linked")) {
      assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(((Map<?, ?>) copy).keySet()), "key order");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void immutableStaysImmutable() {
    List<Object> immutables = List.of(List.of(1, 2), Set.of(1), Map.of(1, 1),
        Collections.unmodifiableList(new ArrayList<>(List.of(1))), Collections.unmodifiableSet(new HashSet<>(Set.of(1))),
        Collections.emptyList(), Collections.singletonList(1));
    for (Object value : immutables) {
      Object copy = RoundTrip.viaBytes(value);
      if (copy instanceof Collection<?> c) {
        assertThrows(UnsupportedOperationException.class, () -> ((Collection<Object>) c).add(3), value.getClass().getName());
      } else {
        assertThrows(UnsupportedOperationException.class, () -> ((Map<Object, Object>) copy).put(3, 3));
      }
    }
    assertThrows(UnsupportedOperationException.class,
        () -> RoundTrip.viaBytes(Map.entry(1, 2)).setValue(3));
  }

  @Test
  void wrappersWithoutEqualsAndSubListsKeepContentsAndImmutability() {
    Collection<Integer> wrapped = RoundTrip.viaBytes(Collections.unmodifiableCollection(new ArrayList<>(List.of(1, 2))));
    assertEquals(List.of(1, 2), new ArrayList<>(wrapped));
    assertThrows(UnsupportedOperationException.class, () -> wrapped.add(3));
    // An immutable sub-list comes back as an immutable list of its own (the JDK's List.of class).
    List<Integer> sub = RoundTrip.viaBytes(List.of(1, 2, 3, 4).subList(1, 3));
    assertEquals(List.of(2, 3), sub);
    assertThrows(UnsupportedOperationException.class, () -> sub.add(3));
  }

  @Test
  void orderOfUnmodifiableMapOverLinkedMapIsKept() {
    LinkedHashMap<String, Integer> ordered = new LinkedHashMap<>();
    for (String key : List.of("q", "w", "e", "r", "t", "y")) {
      ordered.put(key, key.length());
    }
    Map<String, Integer> copy = RoundTrip.viaBytes(Collections.unmodifiableMap(ordered));
    assertEquals(List.of("q", "w", "e", "r", "t", "y"), new ArrayList<>(copy.keySet()));
  }

  @Test
  void comparatorsAndEnumMapKeyTypesSurvive() {
    TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.putAll(Map.of("a", 1, "b", 2));
    TreeMap<String, Integer> copy = RoundTrip.viaBytes(reversed);
    assertEquals(List.of("b", "a"), new ArrayList<>(copy.keySet()));

    EnumMap<Day, Integer> empty = RoundTrip.viaBytes(new EnumMap<>(Day.class));
    empty.put(Day.MON, 1);  // Would throw if the key type had been lost.
    assertEquals(1, empty.get(Day.MON));
  }

  @Test
  void synchronizedWrapperIsStillSynchronizedAndMutable() {
    List<Integer> copy = RoundTrip.viaBytes(Collections.synchronizedList(new ArrayList<>(List.of(1))));
    copy.add(2);
    assertEquals(List.of(1, 2), copy);
    assertTrue(copy.getClass().getName().contains("Synchronized"));
  }

  @Test
  void privateJdkViewsComeBackAsCopies() {
    Map<String, Integer> map = new LinkedHashMap<>(Map.of("a", 1));
    assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(RoundTrip.viaBytes(map.keySet())));
    assertEquals(List.of(2, 3), RoundTrip.viaBytes(new ArrayList<>(List.of(1, 2, 3)).subList(1, 3)));
  }
}
