package io.jray.internal.cluster;

import io.jray.RayException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A driver's class path as a node rebuilds it: each entry a jar, named by the SHA-256 of its
 * bytes, so that a node fetches each jar once whatever path it had on the driver's machine, and
 * two drivers with the same jars share the node's copies.
 *
 * @param entries in class path order
 */
public record ClassPathManifest(List<Entry> entries) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One jar.
   *
   * @param sha256 the hash of its bytes, in lower-case hex
   * @param fileName its name on the driver's machine, kept for readable class paths and logs
   * @param size its length in bytes
   */
  public record Entry(String sha256, String fileName, long size) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  public ClassPathManifest {
    entries = List.copyOf(entries);
  }

  /**
   * A manifest and, on the driver's machine, the file behind each hash: what the driver serves
   * to the nodes that ask.
   */
  public record Bundle(ClassPathManifest manifest, Map<String, Path> files) {
    public Bundle {
      files = Map.copyOf(files);
    }
  }

  /**
   * The bundle of a class path whose entries are jars (a driver's workers' class path, where
   * folders are already packed); missing entries are skipped, as the JVM skips them.
   */
  public static Bundle of(String classPath) throws IOException {
    List<Entry> entries = new ArrayList<>();
    Map<String, Path> files = new HashMap<>();
    for (String name : classPath.split(File.pathSeparator)) {
      if (name.isEmpty()) {
        continue;
      }
      Path path = Paths.get(name);
      if (Files.isDirectory(path)) {
        throw new RayException("Class path entry " + path + " is a folder: a cluster's nodes"
            + " take jars only (jray packs a folder into one before it gets here).");
      }
      if (Files.isRegularFile(path)) {
        String sha = sha256(path);
        entries.add(new Entry(sha, path.getFileName().toString(), Files.size(path)));
        files.put(sha, path);
      }
    }
    return new Bundle(new ClassPathManifest(entries), files);
  }

  /** The hash of a file's bytes, as manifests name it. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
