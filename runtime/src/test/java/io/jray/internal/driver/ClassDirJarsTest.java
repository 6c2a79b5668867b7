package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDirJarsTest {
  @TempDir Path dir;

  @Test
  void aDirectoryBecomesAJarWithItsFilesAndFoldersWhileJarsAndEmptyDirectoriesStay()
      throws IOException {
    Path classes = classes();
    Path jar = Files.writeString(dir.resolve("lib.jar"), "not read");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path cache = Files.createDirectory(dir.resolve("cache"));

    String[] entries = ClassDirJars.forWorkers(
        String.join(File.pathSeparator, jar.toString(), classes.toString(), empty.toString()),
        cache).split(File.pathSeparator);

    assertEquals(jar.toString(), entries[0]);
    assertEquals(empty.toString(), entries[2]);
    Path packed = Paths.get(entries[1]);
    assertEquals(cache, packed.getParent());
    try (ZipFile zip = new ZipFile(packed.toFile())) {
      List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName)
          .sorted().toList();
      assertEquals(List.of("META-INF/", "META-INF/services/", "META-INF/services/x.Y",
          "com/", "com/example/", "com/example/A.class"), names);
      assertEquals("class A", new String(zip.getInputStream(zip.getEntry("com/example/A.class"))
          .readAllBytes(), StandardCharsets.UTF_8));
      assertEquals(ZipEntry.STORED, zip.getEntry("com/example/A.class").getMethod());
    }
  }

  @Test
  void theJarIsKeptWhileTheDirectoryIsUnchangedAndRewrittenInPlaceWhenItChanges()
      throws IOException {
    Path classes = classes();
    Path jar = Paths.get(ClassDirJars.forWorkers(classes.toString(), dir));
    FileTime written = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(jar, written);

    assertEquals(jar.toString(), ClassDirJars.forWorkers(classes.toString(), dir));
    assertEquals(written, Files.getLastModifiedTime(jar), "an unchanged directory is not packed");

    Path source = classes.resolve("com/example/A.class");
    Files.writeString(source, "class A, rebuilt");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
    assertEquals(jar.toString(), ClassDirJars.forWorkers(classes.toString(), dir),
        "the same name, so the class-data archive's key stays");
    assertNotEquals(written, Files.getLastModifiedTime(jar));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertEquals("class A, rebuilt", new String(zip.getInputStream(
          zip.getEntry("com/example/A.class")).readAllBytes(), StandardCharsets.UTF_8));
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of(jar), files.filter(path -> !path.equals(classes)).toList(),
          "no temporary file left");
    }
  }

  @Test
  void jarsOfDeletedDirectoriesAreRemovedWhenAnotherIsWritten() throws IOException {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path temporary = Files.createDirectories(dir.resolve("temporary/classes"));
    Files.writeString(temporary.resolve("T.class"), "class T");
    Path orphan = Paths.get(ClassDirJars.forWorkers(temporary.toString(), cache));
    Files.delete(temporary.resolve("T.class"));
    Files.delete(temporary);

    Path kept = Paths.get(ClassDirJars.forWorkers(classes().toString(), cache));
    assertTrue(Files.exists(kept));
    assertTrue(Files.notExists(orphan), "its directory is gone");
  }

  @Test
  void aDirectoryThatCannotBePackedStaysADirectory() throws IOException {
    Path classes = classes();
    Path notAFolder = Files.writeString(dir.resolve("cache"), "a file");
    assertEquals(classes.toString(), ClassDirJars.forWorkers(classes.toString(), notAFolder));
  }

  @Test
  void theClassPathOfTheDirectoryStaysArchivable() throws IOException {
    Path classes = classes();
    String packed = ClassDirJars.forWorkers(classes.toString(), dir);
    Optional<String> stamp = WorkerCds.stampOf(packed);
    assertTrue(WorkerCds.stampOf(classes.toString()).isEmpty(), "a directory cannot be archived");
    assertTrue(stamp.isPresent(), "its jar can");
  }

  private Path classes() throws IOException {
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve("com/example"));
    Files.createDirectories(classes.resolve("META-INF/services"));
    Files.writeString(classes.resolve("com/example/A.class"), "class A");
    Files.writeString(classes.resolve("META-INF/services/x.Y"), "com.example.A");
    return classes;
  }
}
