package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.ArraysAsListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Kryo's serializers that allocate from a length prefix before reading the elements, with the
 * length checked first (see {@link Bounds}). {@link JrayKryo} swaps them in for Kryo's own.
 */
final class BoundedSerializers {
  private BoundedSerializers() {}

  /** Replaces a serializer that Kryo chose by its bounded twin, or returns it unchanged. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Serializer bound(Serializer chosen) {
    Class<?> kind = chosen.getClass();
    if (kind == CollectionSerializer.class) {
      return new BoundedCollection();
    }
    if (kind == ArraysAsListSerializer.class) {
      return new BoundedArraysAsList();
    }
    if (kind == PriorityQueueSerializer.class) {
      return new BoundedPriorityQueue();
    }
    if (chosen instanceof ObjectArraySerializer || chosen instanceof StringArraySerializer) {
      // Both read their length as the first varint; primitive arrays need nothing here because
      // their elements come through BoundedInput's bulk reads.
      return new LengthFirst(chosen);
    }
    return chosen;
  }

  @SuppressWarnings("rawtypes")
  static final class BoundedCollection extends CollectionSerializer<Collection> {
    @Override
    protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
      Bounds.checkCount(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  @SuppressWarnings("rawtypes")
  static final class BoundedArraysAsList extends ArraysAsListSerializer {
    @Override
    protected List create(Kryo kryo, Input input, Class type, int size) {
      Bounds.checkCount(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  @SuppressWarnings("rawtypes")
  static final class BoundedPriorityQueue extends PriorityQueueSerializer {
    @Override
    protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
      Bounds.checkCount(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  /** Peeks the leading "length + 1" varint of an array, checks it, then lets Kryo read. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class LengthFirst extends Serializer {
    private final Serializer delegate;

    LengthFirst(Serializer delegate) {
      super(delegate.getAcceptsNull(), delegate.isImmutable());
      this.delegate = delegate;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
      delegate.write(kryo, output, object);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class type) {
      int start = input.position();
      int lengthPlusOne = input.readVarInt(true);
      input.setPosition(start);
      Bounds.checkCount(input, Math.max(0, lengthPlusOne - 1));
      return delegate.read(kryo, input, type);
    }
  }
}
