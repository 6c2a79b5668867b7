package io.jray.internal.net;

/**
 * What {@link DataClient#checkToken} found at an address: a server that shares our token, one
 * that does not, nothing at all, or something that did not complete the handshake in time.
 */
public record TokenCheck(Outcome outcome, String message) {
  public enum Outcome { OK, NOTHING_LISTENS, TOKEN_DIFFERS, NO_ANSWER }

  public boolean ok() {
    return outcome == Outcome.OK;
  }
}
