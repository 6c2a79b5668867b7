package io.jray.internal.serialization;

import com.esotericsoftware.kryo.KryoException;

/**
 * Raised inside Kryo when a class on the {@link DenyList} is met. It is a {@link KryoException}
 * so that Kryo's field serializers add the field path to it on the way out, which {@link
 * FailureMessages} turns into "field 'x' of Y".
 */
final class RefusedTypeException extends KryoException {
  private static final long serialVersionUID = 1L;

  /** Reads after "it is" or "field 'x' of Y holds": "a java.lang.Thread, which cannot ...". */
  private final String what;

  RefusedTypeException(String what) {
    super(what);
    this.what = what;
  }

  static RefusedTypeException denied(Class<?> type, String why) {
    return new RefusedTypeException("a " + type.getName() + ", which cannot cross processes: " + why);
  }

  static RefusedTypeException notSerializableLambda(Class<?> type) {
    return new RefusedTypeException("a lambda that is not Serializable (" + type.getName() + "), which"
        + " cannot be rebuilt in another process; declare its type as Serializable, e.g."
        + " (Function<A, B> & Serializable) x -> ..., or pass an instance of a named class");
  }

  String what() {
    return what;
  }
}
