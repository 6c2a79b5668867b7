package io.jray.internal.serialization;

// TEMPORARY stand-in until the real serializer lands (helper is writing it).
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.objenesis.strategy.StdInstantiatorStrategy;

public final class Serializer {
  private final Pool<Kryo> pool;

  public Serializer() { this(k -> { }); }

  public Serializer(Consumer<Kryo> customizer) {
    pool = new Pool<>(true, false, 16) {
      @Override protected Kryo create() {
        Kryo k = new Kryo(); k.setRegistrationRequired(false); k.setReferences(true);
        k.setInstantiatorStrategy(new com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        customizer.accept(k); return k;
      }
    };
  }

  public byte[] serialize(Object value) {
    Kryo k = pool.obtain();
    try { Output o = new Output(256, -1); k.writeClassAndObject(o, value); return o.toBytes(); }
    finally { pool.free(k); }
  }
  public byte[] serializeThrowable(Throwable t) { return serialize(t); }
  public Object deserialize(byte[] bytes) { return deserialize(ByteBuffer.wrap(bytes)); }
  public Object deserialize(ByteBuffer buffer) {
    Kryo k = pool.obtain();
    try { return k.readClassAndObject(new ByteBufferInput(buffer)); } finally { pool.free(k); }
  }
}
