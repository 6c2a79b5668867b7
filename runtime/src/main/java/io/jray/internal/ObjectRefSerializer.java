package io.jray.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jray.internal.refs.ContainedRefs;

/** A ref inside a value travels as its id, and becomes a ref of the reading process's runtime. */
public final class ObjectRefSerializer extends com.esotericsoftware.kryo.Serializer<ObjectRefImpl<?>> {

  public ObjectRefSerializer() {
    setImmutable(true);
  }

  /** Teaches a Kryo instance to write refs this way. */
  public static void register(Kryo kryo) {
    kryo.addDefaultSerializer(ObjectRefImpl.class, new ObjectRefSerializer());
  }

  @Override
  public void write(Kryo kryo, Output output, ObjectRefImpl<?> ref) {
    ContainedRefs.written(ref.id());
    output.writeLong(ref.id());
  }

  @Override
  public ObjectRefImpl<?> read(Kryo kryo, Input input, Class<? extends ObjectRefImpl<?>> type) {
    return new ObjectRefImpl<>(input.readLong());
  }
}
