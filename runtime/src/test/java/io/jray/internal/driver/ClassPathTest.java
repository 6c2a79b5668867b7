package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathTest {
  @TempDir Path dir;

  @Test
  void includesThisProcessesClassPath() {
    List<String> entries = Arrays.asList(ClassPath.ofThisProcess().split(File.pathSeparator));
    // Surefire starts tests from a manifest-only jar: its entries must be expanded.
    assertTrue(entries.stream().anyMatch(e -> e.endsWith("test-classes")), entries.toString());
    assertTrue(entries.stream().anyMatch(e -> e.contains("kryo")), entries.toString());
  }

  @Test
  void expandsManifestClassPaths() throws IOException {
    Path lib = Files.createDirectory(dir.resolve("lib"));
    Path jar = dir.resolve("app.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/ other.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream unused = new JarOutputStream(out, manifest)) {
      // An empty jar with only the manifest.
    }
    String saved = System.getProperty("java.class.path");
    System.setProperty("java.class.path", jar.toString());
    try {
      List<String> entries = Arrays.asList(ClassPath.ofThisProcess().split(File.pathSeparator));
      assertTrue(entries.contains(jar.toString()), entries.toString());
      assertTrue(entries.contains(lib.toString()), entries.toString());
      assertTrue(entries.contains(dir.resolve("other.jar").toString()), entries.toString());
    } finally {
      System.setProperty("java.class.path", saved);
    }
  }
}
