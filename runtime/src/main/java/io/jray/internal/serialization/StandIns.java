package io.jray.internal.serialization;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the copy of an exception tree that can always be sent: every throwable that serializes on
 * its own is kept as it is; each one that does not becomes a {@link RemoteThrowableStandIn} with
 * the same message and stack trace, whose cause and suppressed exceptions are rebuilt the same way.
 */
final class StandIns {
  /** Returns null when the throwable serializes, or why it does not. */
  private final Function<Throwable, String> whyNotSerializable;
  private final Map<Throwable, Throwable> done = new IdentityHashMap<>();

  StandIns(Function<Throwable, String> whyNotSerializable) {
    this.whyNotSerializable = whyNotSerializable;
  }

  /** Stand-in for {@code t} although it may serialize; the caller already knows it does not. */
  RemoteThrowableStandIn standIn(Throwable t, String reason) {
    RemoteThrowableStandIn standIn = new RemoteThrowableStandIn(t.getClass().getName(), messageOf(t), reason);
    done.put(t, standIn);  // Before recursing: cause chains may loop back.
    standIn.setStackTrace(t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause != null) {
      standIn.initCause(replace(cause));
    }
    for (Throwable suppressed : t.getSuppressed()) {
      standIn.addSuppressed(replace(suppressed));
    }
    return standIn;
  }

  /** The same chain with only the parts that cannot be sent replaced. */
  Throwable replace(Throwable t) {
    Throwable seen = done.get(t);
    if (seen != null) {
      return seen;
    }
    String why = whyNotSerializable.apply(t);
    if (why == null) {
      done.put(t, t);
      return t;
    }
    return standIn(t, why);
  }

  /** A message getter is user code and may itself fail. */
  static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (RuntimeException e) {
      return "(getMessage() threw " + e.getClass().getName() + ")";
    }
  }
}
