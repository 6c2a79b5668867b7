package io.jray.internal.stub;

import io.jray.RayException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds what generated code declared, by id, in this process: task functions, actor
 * constructors and actor methods. Generated classes register theirs when they are initialized; a
 * lookup of an id from a class not yet loaded loads it once by name (the part before '#').
 */
public final class FunctionRegistry {
  private static final ConcurrentHashMap<String, Object> ENTRIES = new ConcurrentHashMap<>();

  private FunctionRegistry() {}

  static String idOf(Class<?> stubClass, String signature) {
    return stubClass.getName() + "#" + signature;
  }

  static void register(String id, Object entry) {
    ENTRIES.put(id, entry);
  }

  public static TaskFunction<?> task(String id) {
    return find(id, TaskFunction.class);
  }

  public static ActorConstructor<?> constructor(String id) {
    return find(id, ActorConstructor.class);
  }

  public static ActorMethod<?, ?> method(String id) {
    return find(id, ActorMethod.class);
  }

  private static <T> T find(String id, Class<T> kind) {
    Object entry = ENTRIES.get(id);
    if (entry == null) {
      load(id);
      entry = ENTRIES.get(id);
    }
    if (!kind.isInstance(entry)) {
      throw new RayException("The generated class for " + id + " has no such "
          + kind.getSimpleName() + ". The driver and the workers see different versions of it:"
          + " rebuild and restart.");
    }
    return kind.cast(entry);
  }

  private static void load(String id) {
    String className = id.substring(0, Math.max(0, id.indexOf('#')));
    try {
      Class.forName(className, true, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new RayException("Cannot find the generated class " + className + " for " + id
          + " in a worker process. Workers use the driver's class path: make sure the class is"
          + " compiled with the jray processor and on the class path when the driver starts.", e);
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : FunctionRegistry.class.getClassLoader();
  }
}
