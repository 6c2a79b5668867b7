package io.jray.internal.serialization;

/**
 * Takes the place of an exception that could not be serialized (say, one holding a socket): it
 * keeps the original's class name, message, stack trace, cause chain and suppressed exceptions, so
 * the remote failure still reads as what it was. {@link #getMessage} is the original message;
 * {@link #toString} (the first line of a printed stack trace) starts with the original class.
 */
public final class RemoteThrowableStandIn extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String originalClassName;
  private final String reason;

  public RemoteThrowableStandIn(String originalClassName, String message, String reason) {
    super(message);
    this.originalClassName = originalClassName;
    this.reason = reason;
  }

  /** The binary name of the exception's class in the process that threw it. */
  public String originalClassName() {
    return originalClassName;
  }

  /** Why the original could not be sent as itself. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    String head = message == null ? originalClassName : originalClassName + ": " + message;
    return head + " [jray stand-in: the original could not be serialized; see reason()]";
  }
}
