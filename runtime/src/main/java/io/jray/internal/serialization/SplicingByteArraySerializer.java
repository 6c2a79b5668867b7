package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ByteArraySerializer;

/** Kryo's byte[] format, written by reference into a {@link SplicingOutput}. */
final class SplicingByteArraySerializer extends ByteArraySerializer {
  @Override
  public void write(Kryo kryo, Output output, byte[] array) {
    if (array == null || !(output instanceof SplicingOutput splicing)) {
      super.write(kryo, output, array);
      return;
    }
    output.writeVarInt(array.length + 1, true);
    splicing.writeArray(array);
  }
}
