package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.protocol.Connection;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hosts' connections that hold actor calls back to send them in one write (see {@link Actors}).
 * Whoever is about to wait for an object writes them first: the object may be one of their
 * results, and nothing else may come along to carry them for a while.
 */
final class HeldCalls {
  /** May name a connection twice, or one whose calls went already: flushing those does nothing. */
  private final ConcurrentLinkedQueue<Connection> holding = new ConcurrentLinkedQueue<>();

  /** The connection holds calls sent for later. */
  void holding(Connection connection) {
    holding.add(connection);
  }

  /** Writes every held call now. */
  void send() {
    Connection connection;
    while ((connection = holding.poll()) != null) {
      try {
        connection.flush();
      } catch (IOException e) {
        // The host is dying: its exit fails or re-sends what was in flight.
        Log.debug("Could not send held actor calls: {}", e.toString());
      }
    }
  }
}
