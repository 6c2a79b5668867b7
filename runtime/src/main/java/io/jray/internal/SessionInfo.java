package io.jray.internal;

import io.jray.internal.resources.ResourceSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What every process of a session knows of it: the job's id and this node's id, both derived
 * from the session folder's name (so the driver and its workers agree without a word), and the
 * node's capacity.
 *
 * @param jobId 8 hex digits, as Ray's job ids
 * @param nodeId 56 hex digits, as Ray's node ids; stable for the session
 */
public record SessionInfo(String jobId, String nodeId, ResourceSet capacity) {
  /** The address of a node on one machine. */
  public static final String LOCAL_ADDRESS = "127.0.0.1";

  public static SessionInfo of(Path sessionDir, ResourceSet capacity) {
    String name = sessionDir.getFileName().toString();
    return new SessionInfo(hash("job:" + name).substring(0, 8),
        hash("node:" + name).substring(0, 56), capacity);
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
