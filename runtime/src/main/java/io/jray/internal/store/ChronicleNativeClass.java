package io.jray.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves every JVM the javac run that Chronicle Map makes when it creates or opens a map: it
 * generates and compiles {@code VanillaGlobalMutableState$$Native} (about 2 CPU-seconds) unless
 * its class loader already has that class. We compile the class once, with Chronicle's own
 * generator, and define it in each JVM before Chronicle looks.
 *
 * <p>The bytes come from the class path (put there at build time by {@link #main}) or else from
 * the session directory (compiled there by the driver). Both are keyed by a hash of the Chronicle
 * classes the generated code depends on, so other Chronicle jars never get a stale class: they
 * miss the key and fall back to Chronicle's own compile, which is slower but correct.
 */
final class ChronicleNativeClass {
  private static final Logger log = LoggerFactory.getLogger(ChronicleNativeClass.class);
  private static final String STATE = "net.openhft.chronicle.hash.VanillaGlobalMutableState";
  /** The state interface, its generator, and the types the generated code implements or calls. */
  private static final List<String> INPUTS = Stream.of(STATE,
          "net.openhft.chronicle.values.Generators", "net.openhft.chronicle.values.ValueModel",
          "net.openhft.chronicle.values.Copyable", "net.openhft.chronicle.bytes.BytesStore",
          "net.openhft.chronicle.bytes.Byteable", "net.openhft.chronicle.bytes.BytesMarshallable")
      .map(name -> name.replace('.', '/') + ".class")
      .toList();
  /** Our minimum Java: the class works on every JDK that jray runs on. */
  private static final String RELEASE = "17";
  private static final String PREFIX = "chronicle-native-";

  /** The class bytes this JVM defined (or tried to), and whether they came from the class path. */
  private static byte[] bytes;
  private static boolean onClassPath;

  private ChronicleNativeClass() {}

  /**
   * Defines the precompiled class in this JVM if one is found for these Chronicle jars. For a
   * driver (forWorkers), compiles it if need be and leaves it in dir for the workers, unless they
   * find it on the class path. Never fails: at worst Chronicle compiles as usual.
   */
  static synchronized void install(Path dir, boolean forWorkers) {
    try {
      String key = key();
      Path cached = dir.resolve(PREFIX + key + ".bin");
      if (bytes == null) {
        bytes = fromClassPath(key);
        onClassPath = bytes != null;
        if (bytes == null && Files.exists(cached)) {
          bytes = Files.readAllBytes(cached);
        }
        if (bytes == null && forWorkers) {
          bytes = compile();
        }
        if (bytes != null) {
          define(bytes);
        }
      }
      if (forWorkers && bytes != null && !onClassPath && !Files.exists(cached)) {
        writeAtomically(cached, bytes);
      }
    } catch (Exception | LinkageError e) {
      log.warn("Could not use a precompiled {}$$Native; Chronicle Map will compile it (slower start)",
          STATE, e);
    }
  }

  private static void define(byte[] bytes) throws ReflectiveOperationException {
    try {
      MethodHandles.privateLookupIn(Class.forName(STATE), MethodHandles.lookup()).defineClass(bytes);
    } catch (LinkageError e) {
      // Defined already: Chronicle compiled it in this JVM before any store was opened.
      log.debug("{}$$Native is defined already", STATE, e);
    }
  }

  /** Build step: writes the class for the Chronicle jars on the class path under classesDir. */
  public static void main(String[] args) throws Exception {
    ChroniclePreflight.check();
    Path file = Path.of(args[0]).resolve(resourceName(key()));
    Files.createDirectories(file.getParent());
    Files.write(file, compile());
  }

  static String resourceName(String key) {
    return ChronicleNativeClass.class.getPackageName().replace('.', '/') + "/" + PREFIX + key + ".bin";
  }

  /**
   * Two CRCs of the inputs, 64 bits: a cache key against other Chronicle versions, not a defence
   * against forgery. A message digest would cost every worker its provider's start-up (30-40 ms).
   */
  static String key() throws IOException {
    CRC32C first = new CRC32C();
    CRC32 second = new CRC32();
    for (String input : INPUTS) {
      for (byte[] bytes : List.of(input.getBytes(StandardCharsets.UTF_8), resource(input))) {
        first.update(bytes);
        second.update(bytes);
      }
    }
    return HexFormat.of().toHexDigits(first.getValue() << 32 | second.getValue());
  }

  private static byte[] fromClassPath(String key) throws IOException {
    try (InputStream in = loader().getResourceAsStream(resourceName(key))) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = loader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("Not on the class path: " + name);
      }
      return in.readAllBytes();
    }
  }

  private static ClassLoader loader() {
    return ChronicleNativeClass.class.getClassLoader();
  }

  /** Generates the source with Chronicle's generator and compiles it with javac. */
  static byte[] compile() throws Exception {
    Path work = Files.createTempDirectory("jray-chronicle-native");
    try {
      String simpleName = STATE.substring(STATE.lastIndexOf('.') + 1) + "$$Native";
      Path source = work.resolve(simpleName + ".java");
      Files.writeString(source, generateSource(simpleName));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int status = javac.run(null, null, null, "--release", RELEASE, "-proc:none", "-nowarn",
          "-classpath", System.getProperty("java.class.path"), "-d", work.toString(), source.toString());
      if (status != 0) {
        throw new IllegalStateException("javac failed (status " + status + ") on " + simpleName);
      }
      return Files.readAllBytes(work.resolve(STATE.replace('.', '/') + "$$Native.class"));
    } finally {
      deleteTree(work);
    }
  }

  /** Chronicle's generator is package-private; calling it keeps the layout exactly Chronicle's. */
  private static String generateSource(String simpleName) throws Exception {
    Class<?> modelClass = Class.forName("net.openhft.chronicle.values.ValueModel");
    Object model = modelClass.getMethod("acquire", Class.class).invoke(null, Class.forName(STATE));
    Method generate = Class.forName("net.openhft.chronicle.values.Generators")
        .getDeclaredMethod("generateNativeClass", modelClass, String.class);
    generate.setAccessible(true);
    return (String) generate.invoke(null, model, simpleName);
  }

  /** Other processes may read the file at any moment: they must never see it half-written. */
  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
