package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The {@code Collections.unmodifiable*} and {@code Collections.synchronized*} wrappers, and any
 * other collection class that is private to the JDK (a {@code subList}, a {@code keySet} view).
 * Their fields are out of reach without {@code --add-opens java.base/java.util}, so they are
 * written through their public interface and rebuilt as a fresh backing collection, wrapped again
 * by the same factory: an unmodifiable list stays unmodifiable, element order is kept (a
 * LinkedHashSet/LinkedHashMap backs unordered sets and maps), sorted ones keep their comparator.
 * Private views without a wrapper factory come back as a plain copy of the matching kind.
 */
final class ViewSerializers {
  private ViewSerializers() {}

  static void install(Kryo kryo) {
    wrap(kryo, Collections.unmodifiableCollection(new ArrayList<>()), Collections::unmodifiableCollection);
    wrap(kryo, Collections.unmodifiableList(new ArrayList<>()), c -> Collections.unmodifiableList((List<Object>) c));
    wrap(kryo, Collections.unmodifiableList(new LinkedList<>()), c -> Collections.unmodifiableList((List<Object>) c));
    wrap(kryo, Collections.unmodifiableSet(new HashSet<>()), c -> Collections.unmodifiableSet((Set<Object>) c));
    wrap(kryo, Collections.unmodifiableSortedSet(new TreeSet<>()), c -> Collections.unmodifiableSortedSet((SortedSet<Object>) c));
    wrap(kryo, Collections.unmodifiableNavigableSet(new TreeSet<>()), c -> Collections.unmodifiableNavigableSet((NavigableSet<Object>) c));
    wrap(kryo, Collections.synchronizedCollection(new ArrayList<>()), Collections::synchronizedCollection);
    wrap(kryo, Collections.synchronizedList(new ArrayList<>()), c -> Collections.synchronizedList((List<Object>) c));
    wrap(kryo, Collections.synchronizedList(new LinkedList<>()), c -> Collections.synchronizedList((List<Object>) c));
    wrap(kryo, Collections.synchronizedSet(new HashSet<>()), c -> Collections.synchronizedSet((Set<Object>) c));
    wrap(kryo, Collections.synchronizedSortedSet(new TreeSet<>()), c -> Collections.synchronizedSortedSet((SortedSet<Object>) c));
    wrap(kryo, Collections.synchronizedNavigableSet(new TreeSet<>()), c -> Collections.synchronizedNavigableSet((NavigableSet<Object>) c));
    wrapMap(kryo, Collections.unmodifiableMap(new HashMap<>()), Collections::unmodifiableMap);
    wrapMap(kryo, Collections.unmodifiableSortedMap(new TreeMap<>()), m -> Collections.unmodifiableSortedMap((SortedMap<Object, Object>) m));
    wrapMap(kryo, Collections.unmodifiableNavigableMap(new TreeMap<>()), m -> Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) m));
    wrapMap(kryo, Collections.synchronizedMap(new HashMap<>()), Collections::synchronizedMap);
    wrapMap(kryo, Collections.synchronizedSortedMap(new TreeMap<>()), m -> Collections.synchronizedSortedMap((SortedMap<Object, Object>) m));
    wrapMap(kryo, Collections.synchronizedNavigableMap(new TreeMap<>()), m -> Collections.synchronizedNavigableMap((NavigableMap<Object, Object>) m));
  }

  /** True for collection classes that only the JDK can construct (views, wrappers). */
  static boolean isPrivateJdkClass(Class<?> type) {
    String name = type.getName();
    return (name.startsWith("java.") || name.startsWith("jdk.")) && !Modifier.isPublic(type.getModifiers());
  }

  /** A copy of the right kind for a private JDK collection class that no factory can rebuild. */
  static Serializer<?> copyOf(Class<?> type) {
    return Map.class.isAssignableFrom(type)
        ? new MapView(UnaryOperator.identity())
        : new CollectionView(UnaryOperator.identity());
  }

  @SuppressWarnings("unchecked")
  private static void wrap(Kryo kryo, Collection<?> sample, UnaryOperator<Collection<Object>> rewrap) {
    kryo.addDefaultSerializer(sample.getClass(), new CollectionView(rewrap));
  }

  @SuppressWarnings("unchecked")
  private static void wrapMap(Kryo kryo, Map<?, ?> sample, UnaryOperator<Map<Object, Object>> rewrap) {
    kryo.addDefaultSerializer(sample.getClass(), new MapView(rewrap));
  }

  private static final class CollectionView extends Serializer<Collection<Object>> {
    private final UnaryOperator<Collection<Object>> rewrap;

    CollectionView(UnaryOperator<Collection<Object>> rewrap) {
      this.rewrap = rewrap;
    }

    @Override
    public void write(Kryo kryo, Output output, Collection<Object> collection) {
      // A synchronized wrapper locks on itself; hold that lock so no writer slips in mid-copy.
      synchronized (collection) {
        kryo.writeClassAndObject(output, collection instanceof SortedSet ? ((SortedSet<?>) collection).comparator() : null);
        output.writeBoolean(collection instanceof SortedSet);
        output.writeBoolean(collection instanceof List && !(collection instanceof java.util.RandomAccess));
        ImmutableJdkSerializers.writeElements(kryo, output, collection, collection.size());
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
      Comparator<Object> comparator = (Comparator<Object>) kryo.readClassAndObject(input);
      boolean sorted = input.readBoolean();
      boolean linked = input.readBoolean();
      Collection<Object> backing;
      if (sorted) {
        backing = new TreeSet<>(comparator);
      } else if (Set.class.isAssignableFrom(type)) {
        backing = new LinkedHashSet<>();
      } else {
        backing = linked ? new LinkedList<>() : new ArrayList<>();
      }
      Collection<Object> result = rewrap.apply(backing);
      kryo.reference(result);
      Collections.addAll(backing, ImmutableJdkSerializers.readElements(kryo, input));
      return result;
    }
  }

  private static final class MapView extends Serializer<Map<Object, Object>> {
    private final UnaryOperator<Map<Object, Object>> rewrap;

    MapView(UnaryOperator<Map<Object, Object>> rewrap) {
      this.rewrap = rewrap;
    }

    @Override
    public void write(Kryo kryo, Output output, Map<Object, Object> map) {
      synchronized (map) {
        kryo.writeClassAndObject(output, map instanceof SortedMap ? ((SortedMap<?, ?>) map).comparator() : null);
        output.writeBoolean(map instanceof SortedMap);
        output.writeVarInt(map.size(), true);
        for (Map.Entry<Object, Object> entry : map.entrySet()) {
          kryo.writeClassAndObject(output, entry.getKey());
          kryo.writeClassAndObject(output, entry.getValue());
        }
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
      Comparator<Object> comparator = (Comparator<Object>) kryo.readClassAndObject(input);
      Map<Object, Object> backing = input.readBoolean() ? new TreeMap<>(comparator) : new LinkedHashMap<>();
      Map<Object, Object> result = rewrap.apply(backing);
      kryo.reference(result);
      int size = input.readVarInt(true);
      Bounds.checkCount(input, size);
      for (int i = 0; i < size; i++) {
        backing.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
      }
      return result;
    }
  }
}
