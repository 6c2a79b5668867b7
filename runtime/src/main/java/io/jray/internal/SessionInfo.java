package io.jray.internal;

import io.jray.internal.resources.ResourceSet;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What every process of a session knows of it: the job's id and this node's id, both derived
 * from the session folder's name (so the driver and its workers agree without a word), and the
 * node's capacity. A cluster's job host has its ids from the cluster instead (its job's, its
 * node's), written into its session folder before any worker starts.
 *
 * @param jobId 8 hex digits, as Ray's job ids
 * @param nodeId 56 hex digits, as Ray's node ids; stable for the session
 */
public record SessionInfo(String jobId, String nodeId, ResourceSet capacity) {
  /** The address of a node on one machine. */
  public static final String LOCAL_ADDRESS = "127.0.0.1";

  /** The file in a session folder that holds ids given by a cluster: the job's, the node's. */
  private static final String CLUSTER_IDS = "cluster-ids";

  public static SessionInfo of(Path sessionDir, ResourceSet capacity) {
    Path given = sessionDir.resolve(CLUSTER_IDS);
    if (Files.exists(given)) {
      try {
        List<String> ids = Files.readAllLines(given, StandardCharsets.UTF_8);
        return new SessionInfo(ids.get(0), ids.get(1), capacity);
      } catch (IOException | IndexOutOfBoundsException e) {
        throw new IllegalStateException("Cannot read " + given + ": " + e, e);
      }
    }
    String name = sessionDir.getFileName().toString();
    return new SessionInfo(hash("job:" + name).substring(0, 8),
        hash("node:" + name).substring(0, 56), capacity);
  }

  /** Gives the session the ids of a cluster's job and node (see {@link #of}). */
  public static void writeClusterIds(Path sessionDir, String jobId, String nodeId) {
    try {
      Files.write(sessionDir.resolve(CLUSTER_IDS), List.of(jobId, nodeId),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot write the session's cluster ids", e);
    }
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
