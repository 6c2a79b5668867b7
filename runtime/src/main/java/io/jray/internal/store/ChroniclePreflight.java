package io.jray.internal.store;

import io.jray.RayException;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold before Chronicle Map's first class loads. Chronicle fails deep inside with
 * obscure reflection errors when a JVM flag is missing, and needs javac at run time; this class
 * names the fix instead.
 */
public final class ChroniclePreflight {
  /** Chronicle's analytics phone home unless this is set before its classes initialize. */
  static final String ANALYTICS_PROPERTY = "chronicle.analytics.disable";
  static final String ANNOUNCER_PROPERTY = "chronicle.announcer.disable";

  static {
    // Forced, not defaulted: jray never lets Chronicle phone home, whatever the user set.
    System.setProperty(ANALYTICS_PROPERTY, "true");
    // Chronicle's banner ("leave your e-mail...") is noise in a user's console; they may want it.
    if (System.getProperty(ANNOUNCER_PROPERTY) == null) {
      System.setProperty(ANNOUNCER_PROPERTY, "true");
    }
  }

  private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.lang.reflect");
  private static final List<String> EXPORTS =
      List.of("java.base/sun.nio.ch", "jdk.compiler/com.sun.tools.javac.file");
  /** Not checked: without it Chronicle only warns about its cleaner. */
  private static final String RECOMMENDED_EXPORT = "java.base/jdk.internal.ref";

  private ChroniclePreflight() {}

  /** The flags every JVM that opens the object store must be started with. */
  public static List<String> requiredJvmFlags() {
    List<String> flags = new ArrayList<>();
    OPENS.forEach(p -> flags.add("--add-opens=" + p + "=ALL-UNNAMED"));
    EXPORTS.forEach(p -> flags.add("--add-exports=" + p + "=ALL-UNNAMED"));
    flags.add("--add-exports=" + RECOMMENDED_EXPORT + "=ALL-UNNAMED");
    flags.add("-D" + ANALYTICS_PROPERTY + "=true");
    flags.add("-D" + ANNOUNCER_PROPERTY + "=" + System.getProperty(ANNOUNCER_PROPERTY, "true"));
    if (Runtime.version().feature() >= 24) {
      // JDK 24+ warns on JNI and sun.misc.Unsafe memory access, both of which Chronicle uses.
      flags.add("--enable-native-access=ALL-UNNAMED");
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return List.copyOf(flags);
  }

  /**
   * Throws a {@link RayException} naming what to add or install if this JVM cannot run Chronicle
   * Map: a missing {@code --add-opens}/{@code --add-exports} flag, or no {@code jdk.compiler}
   * module (a JRE rather than a JDK).
   */
  public static void check() {
    if (ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
      throw new RayException("jray's object store needs a full JDK (17 or newer), but this JVM ("
          + System.getProperty("java.home") + ") has no jdk.compiler module: it is a JRE or a "
          + "jlink image without it. Install a JDK and run with its java, or add jdk.compiler "
          + "to the image.");
    }
    List<String> missing = missingFlags();
    if (!missing.isEmpty()) {
      throw new RayException("jray's object store (Chronicle Map) needs JVM flags that this JVM "
          + "was started without: " + String.join(" ", missing) + ". Start java with all of: "
          + String.join(" ", requiredJvmFlags()));
    }
  }

  static List<String> missingFlags() {
    Module unnamed = ChroniclePreflight.class.getClassLoader().getUnnamedModule();
    List<String> missing = new ArrayList<>();
    for (String open : OPENS) {
      if (!lookUp(open).isOpen(packageOf(open), unnamed)) {
        missing.add("--add-opens=" + open + "=ALL-UNNAMED");
      }
    }
    for (String export : EXPORTS) {
      if (!lookUp(export).isExported(packageOf(export), unnamed)) {
        missing.add("--add-exports=" + export + "=ALL-UNNAMED");
      }
    }
    return missing;
  }

  private static Module lookUp(String modulePackage) {
    String name = modulePackage.substring(0, modulePackage.indexOf('/'));
    return ModuleLayer.boot().findModule(name).orElseThrow();
  }

  private static String packageOf(String modulePackage) {
    return modulePackage.substring(modulePackage.indexOf('/') + 1);
  }
}
