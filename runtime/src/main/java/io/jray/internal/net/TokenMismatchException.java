package io.jray.internal.net;

/**
 * The handshake failed because the two sides hold different cluster tokens. Start every node
 * and driver of a cluster with the same token.
 */
public class TokenMismatchException extends DataPlaneException {
  private static final long serialVersionUID = 1L;

  public TokenMismatchException(String message) {
    super(message);
  }
}
