package io.jray.internal.cluster;

import io.jray.RayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cluster's shared secret, and what jray derives from it. Nodes and drivers never send the
 * token itself: Hazelcast sees only a name hashed from it (members and clients of another name
 * are refused at their first frame), and jray's own connections prove it by HMAC.
 */
public final class ClusterToken {
  /** Where the command line and {@code Ray.init} look when no token is given. */
  public static final String ENVIRONMENT_VARIABLE = "JRAY_CLUSTER_TOKEN";

  private final String secret;

  private ClusterToken(String secret) {
    this.secret = secret;
  }

  /** The token given, or else the one in {@value #ENVIRONMENT_VARIABLE}; never empty. */
  public static ClusterToken resolve(String given) {
    String secret = given != null ? given : System.getenv(ENVIRONMENT_VARIABLE);
    if (secret == null || secret.isBlank()) {
      throw new RayException("A jray cluster needs its token: pass --token (RayConfig"
          + ".clusterToken(...) in a driver) or set " + ENVIRONMENT_VARIABLE + ". Every node and"
          + " driver of one cluster uses the same one.");
    }
    return new ClusterToken(secret);
  }

  /**
   * The Hazelcast cluster name: a hash of the token, so that clusters with different tokens
   * never merge, and the token does not travel in Hazelcast's join frames.
   */
  public String clusterName() {
    return "jray-" + HexFormat.of().formatHex(digest("jray cluster name\0" + secret), 0, 16);
  }

  /** The key jray's own connections prove they know, by HMAC over fresh nonces. */
  public byte[] key() {
    return digest("jray data plane key\0" + secret);
  }

  /** The secret as given: only for files only this user can read (the node registry). */
  String secret() {
    return secret;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ClusterToken[hidden]";
  }
}
