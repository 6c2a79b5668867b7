package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A Serializable lambda, as the recipe that the JDK keeps for it ({@link SerializedLambda}) and
 * rebuilt by the class that wrote the lambda. Kryo's ClosureSerializer does the same but first
 * reaches into java.lang.invoke, which jray's JVMs do not open, and logs a warning with a stack
 * trace for every Kryo instance when it cannot. The methods used here belong to the lambda's own
 * class and to the capturing class, both the user's.
 */
final class LambdaSerializer extends Serializer<Object> {
  @Override
  public void write(Kryo kryo, Output output, Object lambda) {
    SerializedLambda recipe = recipeOf(lambda);
    kryo.writeClass(output, capturingClass(kryo, recipe.getCapturingClass()));
    output.writeString(recipe.getFunctionalInterfaceClass());
    output.writeString(recipe.getFunctionalInterfaceMethodName());
    output.writeString(recipe.getFunctionalInterfaceMethodSignature());
    output.writeVarInt(recipe.getImplMethodKind(), true);
    output.writeString(recipe.getImplClass());
    output.writeString(recipe.getImplMethodName());
    output.writeString(recipe.getImplMethodSignature());
    output.writeString(recipe.getInstantiatedMethodType());
    output.writeVarInt(recipe.getCapturedArgCount(), true);
    for (int i = 0; i < recipe.getCapturedArgCount(); i++) {
      kryo.writeClassAndObject(output, recipe.getCapturedArg(i));
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    Class<?> capturing = kryo.readClass(input).getType();
    String[] names = new String[8];
    for (int i = 0; i < 3; i++) {
      names[i] = input.readString();
    }
    int implKind = input.readVarInt(true);
    for (int i = 3; i < 7; i++) {
      names[i] = input.readString();
    }
    int count = input.readVarInt(true);
    Bounds.checkCount(input, count);
    Object[] captured = new Object[count];
    for (int i = 0; i < count; i++) {
      captured[i] = kryo.readClassAndObject(input);
    }
    SerializedLambda recipe = new SerializedLambda(capturing, names[0], names[1], names[2], implKind,
        names[3], names[4], names[5], names[6], captured);
    try {
      Method rebuild = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
      rebuild.setAccessible(true);
      return rebuild.invoke(null, recipe);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new KryoException("cannot rebuild a lambda of " + capturing.getName(), unwrap(e));
    }
  }

  private static SerializedLambda recipeOf(Object lambda) {
    try {
      Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return (SerializedLambda) writeReplace.invoke(lambda);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new KryoException("cannot take the recipe of lambda " + lambda.getClass().getName(), unwrap(e));
    }
  }

  private static Class<?> capturingClass(Kryo kryo, String internalName) {
    try {
      return Class.forName(internalName.replace('/', '.'), false, kryo.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new KryoException("cannot find the class that wrote a lambda: " + internalName, e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
  }
}
