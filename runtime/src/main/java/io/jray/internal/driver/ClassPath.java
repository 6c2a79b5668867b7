package io.jray.internal.driver;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The driver's class path, as a worker JVM needs it, however the driver was started: {@code java
 * -cp}, {@code java -jar}, a manifest-only jar (Surefire, Failsafe), or a class loader that a tool
 * built at run time (Maven's exec:java).
 */
final class ClassPath {
  private ClassPath() {}

  static String ofThisProcess() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        addWithManifest(Paths.get(entry).toAbsolutePath(), entries);
      }
    }
    for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null;
        loader = loader.getParent()) {
      if (loader instanceof URLClassLoader) {
        for (URL url : ((URLClassLoader) loader).getURLs()) {
          toPath(url).ifPresent(path -> addWithManifest(path, entries));
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Adds the entry and, for a jar, the entries its manifest's Class-Path names. */
  private static void addWithManifest(Path entry, Set<String> entries) {
    if (!entries.add(entry.toString()) || !entry.toString().endsWith(".jar")
        || !Files.isRegularFile(entry)) {
      return;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      Manifest manifest = jar.getManifest();
      String classPath = manifest == null ? null
          : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath == null) {
        return;
      }
      for (String relative : classPath.trim().split("\\s+")) {
        URL url = new URL(entry.toUri().toURL(), relative);
        toPath(url).ifPresent(path -> addWithManifest(path, entries));
      }
    } catch (IOException e) {
      // Not a readable jar: keep the entry, the JVM will judge it.
    }
  }

  private static java.util.Optional<Path> toPath(URL url) {
    try {
      return "file".equals(url.getProtocol())
          ? java.util.Optional.of(Paths.get(url.toURI()).toAbsolutePath())
          : java.util.Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
