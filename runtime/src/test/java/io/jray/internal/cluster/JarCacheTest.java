package io.jray.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCacheTest {
  @TempDir
  Path driverSide;

  @TempDir
  Path nodeSide;

  @Test
  void aNodeFetchesEachJarOnceAndBuildsTheClassPathInOrder() throws Exception {
    Path first = Files.write(driverSide.resolve("first.jar"), new byte[] {1, 2, 3});
    Path second = Files.write(driverSide.resolve("second.jar"), new byte[] {4, 5});
    ClassPathManifest.Bundle bundle = ClassPathManifest.of(
        first + File.pathSeparator + driverSide.resolve("missing.jar") + File.pathSeparator
            + second);
    assertEquals(List.of("first.jar", "second.jar"),
        bundle.manifest().entries().stream().map(ClassPathManifest.Entry::fileName).toList());

    AtomicInteger fetches = new AtomicInteger();
    JarCache.Source source = (jar, into) -> {
      fetches.incrementAndGet();
      Files.copy(bundle.files().get(jar.sha256()), into,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    };
    JarCache cache = new JarCache(nodeSide.resolve("jars"));
    String classPath = cache.classPath(bundle.manifest(), source);
    String[] entries = classPath.split(File.pathSeparator);
    assertEquals(2, entries.length);
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(entries[0])));
    assertTrue(entries[1].endsWith("second.jar"), entries[1]);
    assertEquals(2, fetches.get());

    assertEquals(classPath, cache.classPath(bundle.manifest(), source));
    assertEquals(2, fetches.get(), "a cached jar was fetched again");
    assertEquals(2, cache.size());
  }

  @Test
  void aDamagedJarIsRefusedAndLeavesNothingBehind() throws Exception {
    Path jar = Files.write(driverSide.resolve("lib.jar"), new byte[] {9, 9, 9});
    ClassPathManifest manifest = ClassPathManifest.of(jar.toString()).manifest();
    JarCache cache = new JarCache(nodeSide.resolve("jars"));
    RayException damaged = assertThrows(RayException.class,
        () -> cache.classPath(manifest, (entry, into) -> Files.write(into, new byte[] {9, 9})));
    assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
    Path home = nodeSide.resolve("jars").resolve(manifest.entries().get(0).sha256());
    try (var left = Files.list(home)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void namesAndHashesFromADriverCannotLeaveTheCache() throws Exception {
    JarCache cache = new JarCache(nodeSide.resolve("jars"));
    ClassPathManifest badHash = new ClassPathManifest(
        List.of(new ClassPathManifest.Entry("../../etc", "x.jar", 1)));
    assertThrows(RayException.class, () -> cache.classPath(badHash, (jar, into) -> {}));

    byte[] bytes = {7};
    Path jar = Files.write(driverSide.resolve("ok.jar"), bytes);
    String sha = ClassPathManifest.sha256(jar);
    ClassPathManifest sneaky = new ClassPathManifest(
        List.of(new ClassPathManifest.Entry(sha, "../../../escape.jar", 1)));
    String classPath = cache.classPath(sneaky, (entry, into) -> Files.write(into, bytes));
    assertTrue(Path.of(classPath).startsWith(nodeSide.resolve("jars").resolve(sha)), classPath);
  }

  @Test
  void aFolderOnTheClassPathIsRefused() {
    assertThrows(RayException.class, () -> ClassPathManifest.of(driverSide.toString()));
  }
}
