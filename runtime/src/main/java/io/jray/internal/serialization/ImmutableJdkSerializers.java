package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JDK's immutable collections ({@code List.of}, {@code Set.of}, {@code Map.of}, {@code
 * Map.entry}, the {@code copyOf}s, {@code Stream.toList}). Their classes are private to java.util,
 * so they are rebuilt through the public factories, which keeps them immutable. Kryo 5.6 has
 * serializers for the collections, but they allocate from an unchecked length prefix.
 */
final class ImmutableJdkSerializers {
  private ImmutableJdkSerializers() {}

  static void install(Kryo kryo) {
    ListOf list = new ListOf();
    for (List<?> sample : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 1))) {
      kryo.addDefaultSerializer(sample.getClass(), list);
    }
    SetOf set = new SetOf();
    kryo.addDefaultSerializer(Set.of(1).getClass(), set);
    kryo.addDefaultSerializer(Set.of(1, 2, 3).getClass(), set);
    MapOf map = new MapOf();
    kryo.addDefaultSerializer(Map.of(1, 1).getClass(), map);
    kryo.addDefaultSerializer(Map.of(1, 1, 2, 2).getClass(), map);
    kryo.addDefaultSerializer(Map.entry(1, 1).getClass(), new Entry(true));
    // Exactly these classes: a user's subclass must not come back as its JDK parent.
    JrayKryo.addExact(kryo, AbstractMap.SimpleImmutableEntry.class, new Entry(true));
    JrayKryo.addExact(kryo, AbstractMap.SimpleEntry.class, new Entry(false));
  }

  static Object[] readElements(Kryo kryo, Input input) {
    int size = input.readVarInt(true);
    Bounds.checkCount(input, size);
    Object[] elements = new Object[size];
    for (int i = 0; i < size; i++) {
      elements[i] = kryo.readClassAndObject(input);
    }
    return elements;
  }

  static void writeElements(Kryo kryo, Output output, Iterable<?> elements, int size) {
    output.writeVarInt(size, true);
    for (Object element : elements) {
      kryo.writeClassAndObject(output, element);
    }
  }

  /** Immutable, so a shared instance is safe; immutable also means no element can refer back. */
  private static final class ListOf extends Serializer<List<?>> {
    ListOf() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<?> list) {
      writeElements(kryo, output, list, list.size());
    }

    @Override
    public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
      Object[] elements = readElements(kryo, input);
      // Stream.toList() gives the same immutable class but allows nulls, which List.of refuses.
      boolean hasNull = Arrays.stream(elements).anyMatch(Objects::isNull);
      return hasNull ? Stream.of(elements).toList() : List.of(elements);
    }
  }

  private static final class SetOf extends Serializer<Set<?>> {
    SetOf() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Set<?> set) {
      writeElements(kryo, output, set, set.size());
    }

    @Override
    public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
      return Set.of(readElements(kryo, input));
    }
  }

  private static final class MapOf extends Serializer<Map<?, ?>> {
    MapOf() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<?, ?> map) {
      output.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
      int size = input.readVarInt(true);
      Bounds.checkCount(input, size);
      Map.Entry<Object, Object>[] entries = new Map.Entry[size];
      for (int i = 0; i < size; i++) {
        entries[i] = Map.entry(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
      }
      return Map.ofEntries(entries);
    }
  }

  private static final class Entry extends Serializer<Map.Entry<?, ?>> {
    Entry(boolean immutable) {
      super(false, immutable);
    }

    @Override
    public void write(Kryo kryo, Output output, Map.Entry<?, ?> entry) {
      kryo.writeClassAndObject(output, entry.getKey());
      kryo.writeClassAndObject(output, entry.getValue());
    }

    @Override
    public Map.Entry<?, ?> read(Kryo kryo, Input input, Class<? extends Map.Entry<?, ?>> type) {
      Object key = kryo.readClassAndObject(input);
      Object value = kryo.readClassAndObject(input);
      if (AbstractMap.SimpleEntry.class.equals(type)) {
        return new AbstractMap.SimpleEntry<>(key, value);
      }
      return AbstractMap.SimpleImmutableEntry.class.equals(type)
          ? new AbstractMap.SimpleImmutableEntry<>(key, value)
          : Map.entry(key, value);
    }
  }
}
