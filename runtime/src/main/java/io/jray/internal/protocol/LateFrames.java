package io.jray.internal.protocol;

import io.jray.internal.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The backstop for {@link Connection#sendLater}: one daemon thread per process writes frames that
 * were sent for later once they have waited their connection's delay, in case nothing else wrote
 * them by then (the sender's next frame was long in coming, say). It looks at a connection at
 * most once per delay while frames keep coming, and sleeps while none wait.
 */
final class LateFrames {
  /** Connections to watch from now on; each comes once until it has no late frames again. */
  private static final ConcurrentLinkedQueue<Connection> arrivals = new ConcurrentLinkedQueue<>();
  /** When the thread wakes next (System.nanoTime), or Long.MAX_VALUE while it sleeps idle. */
  private static volatile long wakesAt = Long.MAX_VALUE;
  private static final Thread thread = start();

  private LateFrames() {}

  /** The connection holds frames sent for later, due at {@code deadline}: write them in time. */
  static void watch(Connection connection, long deadline) {
    arrivals.add(connection);
    long wakes = wakesAt;
    if (wakes == Long.MAX_VALUE || deadline - wakes < 0) {
      LockSupport.unpark(thread);
    }
  }

  private static Thread start() {
    Thread flusher = new Thread(LateFrames::run, "jray-late-frames");
    flusher.setDaemon(true);
    flusher.start();
    return flusher;
  }

  private static void run() {
    List<Connection> watched = new ArrayList<>();
    while (true) {
      Connection arrived;
      while ((arrived = arrivals.poll()) != null) {
        watched.add(arrived);
      }
      if (watched.isEmpty()) {
        wakesAt = Long.MAX_VALUE;
        // Looked at again after saying so: watch adds, then looks at wakesAt.
        if (arrivals.isEmpty()) {
          LockSupport.park(LateFrames.class);
        }
        continue;
      }
      long now = System.nanoTime();
      long wake = Long.MAX_VALUE;
      for (Iterator<Connection> it = watched.iterator(); it.hasNext(); ) {
        long next = flush(it.next(), now);
        if (next == 0) {
          it.remove();
        } else {
          wake = Math.min(wake, next);
        }
      }
      if (wake != Long.MAX_VALUE) {
        wakesAt = wake;
        if (arrivals.isEmpty()) {
          LockSupport.parkNanos(LateFrames.class, wake - now);
        }
      }
    }
  }

  private static long flush(Connection connection, long now) {
    try {
      return connection.flushIfLate(now);
    } catch (IOException | RuntimeException e) {
      Log.debug("Could not write frames sent for later: {}", e.toString());
      return 0; // the channel failed: its owner finds out on its next send
    }
  }
}
