package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo's RecordSerializer, with the record's class added to failure paths. Kryo traces a record
 * component as "name (component type)" where a field is "name (declaring class)"; the marker line
 * added here lets {@link FailureMessages} report "field 'name' of TheRecord" for both.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class RecordTrace extends Serializer {
  static final String MARKER = "@record ";

  private final Serializer records;

  RecordTrace(Serializer records) {
    super(records.getAcceptsNull(), records.isImmutable());
    this.records = records;
  }

  @Override
  public void write(Kryo kryo, Output output, Object record) {
    try {
      records.write(kryo, output, record);
    } catch (KryoException e) {
      e.addTrace(MARKER + record.getClass().getName());
      throw e;
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class type) {
    try {
      return records.read(kryo, input, type);
    } catch (KryoException e) {
      e.addTrace(MARKER + type.getName());
      throw e;
    }
  }
}
