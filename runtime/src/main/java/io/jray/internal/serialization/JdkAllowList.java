package io.jray.internal.serialization;

import java.util.Set;

/**
 * The JDK classes jray reads and writes: those of a few plain-data packages. Everything else the
 * JDK ships (sun.*, com.sun.*, jdk.*, javax.management, java.rmi, java.beans, …) is refused,
 * which is where deserialization gadgets live; the user's own classes are allowed, less the
 * {@link DenyList}. An explicit policy rather than "any class the bytes name".
 */
final class JdkAllowList {
  private static final Set<String> PACKAGES = Set.of(
      "java.lang", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
      "java.util.regex", "java.math", "java.net", "java.io", "java.nio.file", "java.text",
      "java.time", "java.time.chrono", "java.time.format", "java.time.temporal", "java.time.zone",
      "java.sql");
  /** Single classes from packages that are otherwise refused. */
  private static final Set<String> CLASSES = Set.of("java.lang.invoke.SerializedLambda");

  private JdkAllowList() {}

  /** Throws {@link RefusedTypeException} for a JDK class outside the allowed packages. */
  static void check(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || !isJdk(element)) {
      return;
    }
    if (!PACKAGES.contains(element.getPackageName()) && !CLASSES.contains(element.getName())) {
      throw RefusedTypeException.denied(element, "jray reads and writes only plain-data JDK"
          + " classes (packages " + String.join(", ", new java.util.TreeSet<>(PACKAGES))
          + "), so that bytes cannot make a process build an arbitrary JDK object; convert it to"
          + " one of those (a String, a List, a record of your own)");
    }
  }

  private static boolean isJdk(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }
}
