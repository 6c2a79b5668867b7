package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Any Throwable: message, cause, stack trace and suppressed exceptions through Throwable's own
 * fields, then the fields that the subclass declares. A plain FieldSerializer gets Throwable wrong:
 * the stack trace is filled lazily from the VM's backtrace (which does not cross processes), an
 * unset cause is the sentinel {@code cause == this}, and the public setters refuse to run on an
 * instance made without its constructor. Instances are made without a constructor (Objenesis) so
 * that no user code runs and no local stack trace is captured; the fields are then set directly,
 * which needs java.lang opened to jray, a flag that every jray JVM has.
 */
final class ThrowableSerializer extends Serializer<Throwable> {
  private static final Field MESSAGE = throwableField("detailMessage");
  private static final Field CAUSE = throwableField("cause");
  private static final Field STACK_TRACE = throwableField("stackTrace");
  private static final Field SUPPRESSED = throwableField("suppressedExceptions");
  private static final StdInstantiatorStrategy OBJENESIS = new StdInstantiatorStrategy();

  private final ObjectInstantiator<? extends Throwable> instantiator;
  private final Field[] ownFields;

  private ThrowableSerializer(Class<? extends Throwable> type, Field[] ownFields) {
    this.instantiator = OBJENESIS.newInstantiatorOf(type);
    this.ownFields = ownFields;
  }

  /** Picks the serializer for a Throwable class; see {@link #forType}. */
  static final class Factory extends SerializerFactory.BaseSerializerFactory<Serializer<?>> {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Serializer<?> newSerializer(Kryo kryo, Class type) {
      return forType((Class<? extends Throwable>) type);
    }
  }

  /**
   * Our serializer when every field of the subclass is reachable; otherwise (a JDK exception in a
   * package that is not opened, such as java.nio.file.NoSuchFileException) the class's own Java
   * serialization, which every JDK exception supports.
   */
  static Serializer<?> forType(Class<? extends Throwable> type) {
    try {
      return new ThrowableSerializer(type, ownFields(type));
    } catch (InaccessibleObjectException e) {
      return new JavaSerializer();
    }
  }

  @Override
  public void write(Kryo kryo, Output output, Throwable t) {
    t.getStackTrace();  // Fills the stackTrace field from the backtrace if nothing has yet.
    output.writeString((String) get(MESSAGE, t));
    Object cause = get(CAUSE, t);
    output.writeBoolean(cause == t);  // Cause not set yet: initCause stays allowed remotely.
    if (cause != t) {
      kryo.writeClassAndObject(output, cause);
    }
    kryo.writeObjectOrNull(output, get(STACK_TRACE, t), StackTraceElement[].class);
    List<?> suppressed = (List<?>) get(SUPPRESSED, t);
    // Null means suppression was disabled by the constructor; keep that.
    kryo.writeObjectOrNull(output, suppressed == null ? null : t.getSuppressed(), Throwable[].class);
    for (Field field : ownFields) {
      try {
        kryo.writeClassAndObject(output, get(field, t));
      } catch (KryoException e) {
        e.addTrace(field.getName() + " (" + t.getClass().getName() + ")");  // Kryo's path format.
        throw e;
      }
    }
  }

  @Override
  public Throwable read(Kryo kryo, Input input, Class<? extends Throwable> type) {
    Throwable t = instantiator.newInstance();
    kryo.reference(t);
    set(MESSAGE, t, input.readString());
    set(CAUSE, t, input.readBoolean() ? t : kryo.readClassAndObject(input));
    set(STACK_TRACE, t, kryo.readObjectOrNull(input, StackTraceElement[].class));
    Throwable[] suppressed = kryo.readObjectOrNull(input, Throwable[].class);
    set(SUPPRESSED, t, suppressed == null ? null : new ArrayList<>(Arrays.asList(suppressed)));
    for (Field field : ownFields) {
      set(field, t, kryo.readClassAndObject(input));
    }
    return t;
  }

  /** Non-static, non-transient fields declared below Throwable, in a stable order. */
  private static Field[] ownFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != Throwable.class; c = c.getSuperclass()) {
      Field[] declared = c.getDeclaredFields();
      Arrays.sort(declared, Comparator.comparing(Field::getName));
      for (Field field : declared) {
        if ((field.getModifiers() & (Modifier.STATIC | Modifier.TRANSIENT)) == 0) {
          field.setAccessible(true);
          fields.add(field);
        }
      }
    }
    return fields.toArray(new Field[0]);
  }

  private static Field throwableField(String name) {
    try {
      Field field = Throwable.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | InaccessibleObjectException e) {
      throw new IllegalStateException("jray needs --add-opens=java.base/java.lang=ALL-UNNAMED to send"
          + " exceptions between processes (Throwable." + name + " is out of reach)", e);
    }
  }

  private static Object get(Field field, Object target) {
    try {
      return field.get(target);
    } catch (IllegalAccessException e) {
      throw new KryoException("cannot read " + field, e);
    }
  }

  private static void set(Field field, Object target, Object value) {
    try {
      field.set(target, value);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      String what = value == null ? "null" : "a " + value.getClass().getName();
      throw new KryoException("cannot set " + field + " to " + what, e);
    }
  }
}
