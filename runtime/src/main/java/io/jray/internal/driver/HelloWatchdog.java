package io.jray.internal.driver;

import io.jray.internal.protocol.Connection;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a control connection whose peer has not said hello in time. A blocking SocketChannel
 * has no read timeout, so without this a peer that connects and stays silent would hold a reader
 * thread (and its socket) for the whole session. One daemon thread watches every connection;
 * {@link ControlServer} owns it and closes it.
 */
final class HelloWatchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;
  private final Duration deadline;

  HelloWatchdog(Duration deadline) {
    this.deadline = deadline;
    this.timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "jray-control-hello-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true); // a session's many workers leave no cancelled tasks behind
  }

  Duration deadline() {
    return deadline;
  }

  /** Starts the clock for one connection; the reading thread calls this, then reads the hello. */
  Watch watch(Connection connection) {
    Watch watch = new Watch(connection);
    watch.timeout = timer.schedule(watch::expire, deadline.toNanos(), TimeUnit.NANOSECONDS);
    return watch;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One connection's clock: either the hello stops it or it closes the connection, not both. */
  static final class Watch {
    private final Connection connection;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean expired;
    private ScheduledFuture<?> timeout;

    private Watch(Connection connection) {
      this.connection = connection;
    }

    private void expire() {
      if (settled.compareAndSet(false, true)) {
        expired = true;
        connection.close(); // the reader's blocked read fails with AsynchronousCloseException
      }
    }

    /** The hello arrived: stops the clock. False if the deadline closed the connection first. */
    boolean stop() {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      timeout.cancel(false);
      return true;
    }

    /** Whether the deadline passed and closed the connection. */
    boolean expired() {
      return expired;
    }
  }
}
