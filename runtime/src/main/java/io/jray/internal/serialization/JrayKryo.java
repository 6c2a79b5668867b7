package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo set up for values of any class that users write: no registration, references on (shared
 * and cyclic graphs come back as they were), and classes without a no-arg constructor made by
 * Objenesis. Every class goes through {@link #getDefaultSerializer} the first time this instance
 * meets it, which is where the {@link DenyList} refuses what cannot cross a process and where
 * Kryo's choices are swapped for the JDK-aware and length-checked serializers of this package.
 */
final class JrayKryo extends Kryo {
  /** Registered in this order by every process, so that their ids agree. */
  private static final List<Class<?>> COMMON_ARRAYS = List.of(byte[].class, int[].class,
      long[].class, double[].class, float[].class, short[].class, char[].class, boolean[].class,
      String[].class, Object[].class);

  JrayKryo() {
    setRegistrationRequired(false);
    setReferenceResolver(new SmallGraphReferences()); // references on
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    // Without java.util opened, Kryo's field serializer cannot reach into these JDK classes.
    addExact(this, UUID.class, new DefaultSerializers.UUIDSerializer());
    addExact(this, URI.class, new DefaultSerializers.URISerializer());
    addExact(this, Pattern.class, new DefaultSerializers.PatternSerializer());
    addExact(this, AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer());
    addExact(this, AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer());
    addExact(this, AtomicLong.class, new DefaultSerializers.AtomicLongSerializer());
    addExact(this, AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer());
    addExact(this, EnumMap.class, new EnumMapSerializer());
    addDefaultSerializer(byte[].class, new SplicingByteArraySerializer());
    addDefaultSerializer(java.nio.ByteBuffer.class, new ByteBufferSerializer());
    ImmutableJdkSerializers.install(this);
    ViewSerializers.install(this);
    addDefaultSerializer(StackTraceElement.class, new StackTraceElementSerializer());
    addDefaultSerializer(Throwable.class, new ThrowableSerializer.Factory());
    // Serializable lambdas travel as their SerializedLambda recipe.
    register(ClosureSerializer.Closure.class, new LambdaSerializer());
    // Registered classes are written as a small id rather than their name, which for a small
    // byte[] cost as much as the rest of its serialization. Every process registers the same
    // classes in the same order (here, before any customizer), so ids agree across processes.
    for (Class<?> array : COMMON_ARRAYS) {
      register(array);
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Serializer getDefaultSerializer(Class type) {
    DenyList.check(type);
    Serializer chosen = super.getDefaultSerializer(type);
    boolean generic = chosen.getClass() == CollectionSerializer.class
        || chosen.getClass() == MapSerializer.class || chosen.getClass() == FieldSerializer.class;
    if (generic && ViewSerializers.isPrivateJdkClass(type)
        && (java.util.Collection.class.isAssignableFrom(type) || java.util.Map.class.isAssignableFrom(type))) {
      return ViewSerializers.copyOf(type);
    }
    if (chosen instanceof RecordSerializer) {
      return new RecordTrace(chosen);
    }
    return BoundedSerializers.bound(chosen);
  }

  /**
   * A default for exactly {@code type}: Kryo's defaults also match subclasses, and a serializer
   * that rebuilds through a JDK constructor would turn a user's subclass into its JDK parent.
   */
  static void addExact(Kryo kryo, Class<?> type, Serializer<?> serializer) {
    kryo.addDefaultSerializer(type, new SerializerFactory<Serializer<?>>() {
      @Override
      public Serializer<?> newSerializer(Kryo k, @SuppressWarnings("rawtypes") Class c) {
        return serializer;
      }

      @Override
      public boolean isSupported(@SuppressWarnings("rawtypes") Class c) {
        return c == type;
      }
    });
  }

  @Override
  public boolean isClosure(@SuppressWarnings("rawtypes") Class type) {
    boolean closure = super.isClosure(type);
    if (closure) {
      DenyList.check(type);  // A lambda that is not Serializable cannot be rebuilt elsewhere.
    }
    return closure;
  }
}
