package io.jray.internal.net;

/**
 * The connection to a peer ended while a request or fetch waited on it: the peer died, closed,
 * or the network failed. The message names the peer and what was in flight. The call may be
 * tried again on a new connection, or elsewhere.
 */
public class PeerLostException extends DataPlaneException {
  private static final long serialVersionUID = 1L;

  public PeerLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
