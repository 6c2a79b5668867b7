package io.jray.internal.stub;

import io.jray.RayException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a {@link TaskFunction} by id in this process. Generated classes register their functions
 * when they are initialized; a lookup of an id from a class not yet loaded loads it once by name.
 */
public final class FunctionRegistry {
  private static final ConcurrentHashMap<String, TaskFunction<?>> FUNCTIONS =
      new ConcurrentHashMap<>();

  private FunctionRegistry() {}

  static String idOf(Class<?> stubClass, String signature) {
    return stubClass.getName() + "#" + signature;
  }

  static void register(TaskFunction<?> function) {
    FUNCTIONS.put(function.id(), function);
  }

  /** The function with this id, loading the generated class that declares it if need be. */
  public static TaskFunction<?> find(String id) {
    TaskFunction<?> function = FUNCTIONS.get(id);
    if (function != null) {
      return function;
    }
    String className = id.substring(0, Math.max(0, id.indexOf('#')));
    try {
      Class.forName(className, true, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new RayException("Cannot find the generated class " + className + " for task " + id
          + " in a worker process. Workers use the driver's class path: make sure the class is"
          + " compiled with the jray processor and on the class path when the driver starts.", e);
    }
    function = FUNCTIONS.get(id);
    if (function == null) {
      throw new RayException("The generated class " + className + " has no task " + id
          + ". The driver and the workers see different versions of it: rebuild and restart.");
    }
    return function;
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : FunctionRegistry.class.getClassLoader();
  }
}
