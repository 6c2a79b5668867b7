package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link EnumMap} for any key type. Kryo's own EnumMapSerializer must be told the key type up
 * front, and the map's {@code keyType} field is private to java.util. A non-empty map reveals it
 * through its first key; an empty one is the only case left, and for it the map's own Java
 * serialization (a few dozen bytes that name the key class) is used, read back through a filter
 * that admits nothing but an EnumMap and enum classes.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumMapSerializer extends Serializer<EnumMap> {
  private static final ObjectInputFilter ONLY_ENUM_MAPS = info -> {
    Class<?> c = info.serialClass();
    boolean allowed = c == null || c == EnumMap.class || c.isEnum() || c == Enum.class;
    return allowed ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
  };

  @Override
  public void write(Kryo kryo, Output output, EnumMap map) {
    if (map.isEmpty()) {
      output.writeBoolean(false);
      byte[] javaForm = javaSerialize(map);
      output.writeVarInt(javaForm.length, true);
      output.writeBytes(javaForm);
      return;
    }
    output.writeBoolean(true);
    Class<?> keyType = ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass();
    kryo.writeClass(output, keyType);
    output.writeVarInt(map.size(), true);
    for (Map.Entry<Enum<?>, Object> entry : ((Map<Enum<?>, Object>) map).entrySet()) {
      output.writeVarInt(entry.getKey().ordinal(), true);
      kryo.writeClassAndObject(output, entry.getValue());
    }
  }

  @Override
  public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> type) {
    if (!input.readBoolean()) {
      return javaDeserialize(input.readBytes(input.readVarInt(true)));
    }
    Class keyType = kryo.readClass(input).getType();
    Object[] keys = keyType.getEnumConstants();
    if (keys == null) {
      throw new Bounds.CorruptInputException(keyType.getName() + " is not an enum");
    }
    EnumMap map = new EnumMap(keyType);
    kryo.reference(map);
    int size = input.readVarInt(true);
    Bounds.checkCount(input, size);
    for (int i = 0; i < size; i++) {
      int ordinal = input.readVarInt(true);
      if (ordinal >= keys.length) {
        throw new Bounds.CorruptInputException("no constant #" + ordinal + " in " + keyType.getName());
      }
      map.put((Enum) keys[ordinal], kryo.readClassAndObject(input));
    }
    return map;
  }

  private static byte[] javaSerialize(EnumMap empty) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(empty);
    } catch (IOException e) {
      throw new KryoException("cannot write an empty EnumMap", e);
    }
    return bytes.toByteArray();
  }

  private static EnumMap javaDeserialize(byte[] javaForm) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaForm))) {
      in.setObjectInputFilter(ONLY_ENUM_MAPS);
      return (EnumMap) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new Bounds.CorruptInputException("cannot read an empty EnumMap: " + e);
    }
  }
}
