package io.jray.internal.driver;

import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.ToDriver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * The driver's end of the control channel: a Unix domain socket in the session folder (mode 0700,
 * so only this user reaches it), and a secret every worker must present first. Each worker gets
 * a thread that reads its frames, and shares the reading with callers that wait for its replies
 * ({@link ChannelReader}).
 *
 * <p>Until a peer has presented the secret it is a stranger: its first frame may be no longer
 * than {@link #MAX_HELLO_BYTES} and must arrive within {@link #HELLO_DEADLINE}, so that it can
 * make the driver neither allocate a large frame nor keep a thread waiting for one. Only after a
 * correct hello may frames be as long as the channel allows.
 */
final class ControlServer implements AutoCloseable {
  /** The hello is about 80 bytes (a 64-character secret, a pid, a tag): room to spare. */
  static final int MAX_HELLO_BYTES = 256;
  /** A worker sends its hello as soon as it has connected; a silent peer is dropped after this. */
  static final Duration HELLO_DEADLINE = Duration.ofSeconds(5);

  /** What the driver does with a worker's frames. */
  interface Handler {
    /** The worker with this tag said hello; null if no such worker is expected. */
    Worker connected(int tag, long pid, Connection connection);

    void frame(Worker worker, ToDriver frame) throws IOException;

    void disconnected(Worker worker);
  }

  private final ServerSocketChannel server;
  private final byte[] secret;
  private final Handler handler;
  private final Thread acceptor;
  private final HelloWatchdog watchdog;
  private final long lateFrameNanos;
  private final ChannelReader.Waiters waiters;
  private volatile boolean closed;

  /** lateFrameDelay: how long a frame sent for later to a worker may wait (Tuning's). */
  ControlServer(Path socket, String secret, Handler handler, Duration lateFrameDelay,
      ChannelReader.Waiters waiters) {
    this(socket, secret, handler, lateFrameDelay, waiters, HELLO_DEADLINE);
  }

  ControlServer(Path socket, String secret, Handler handler, Duration lateFrameDelay,
      ChannelReader.Waiters waiters, Duration helloDeadline) {
    this.lateFrameNanos = lateFrameDelay.toNanos();
    this.waiters = waiters;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.handler = handler;
    this.watchdog = new HelloWatchdog(helloDeadline);
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new RayException("Cannot open the control socket " + socket + ": " + e, e);
    }
    acceptor = new Thread(this::acceptLoop, "jray-control-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel channel = server.accept();
        Connection connection;
        try {
          connection = Connection.pollable(channel, lateFrameNanos);
        } catch (IOException e) {
          Log.warn("Cannot set up a control connection: {}", e.toString());
          new Connection(channel).close();
          continue;
        }
        Thread reader = new Thread(() -> serve(connection), "jray-control-reader");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (!closed) {
          Log.warn("Control socket accept failed: {}", e.toString());
        }
        return;
      }
    }
  }

  private void serve(Connection connection) {
    Worker worker = null;
    HelloWatchdog.Watch watch = null;
    ChannelReader reader = null;
    try {
      watch = watchdog.watch(connection);
      worker = hello(connection, watch);
      if (worker == null) {
        connection.close();
        return;
      }
      Thread.currentThread().setName("jray-control-" + worker.pid());
      Worker from = worker;
      reader = new ChannelReader(connection, frame -> handler.frame(from, frame), waiters);
      worker.reader = reader;
      while (!closed) {
        reader.ownTurn();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed && worker != null && !worker.exited.get()) {
        Log.debug("Control channel of {} ended: {}", worker, e.toString());
      } else if (worker == null && !closed) {
        // Warn, once per connection: on a socket only this user can reach, a peer that fails
        // the hello is a worker gone wrong or something that should not be there.
        Log.warn("Dropped a control connection that did not introduce itself: {}",
            watch != null && watch.expired()
                ? "it sent no hello within " + watchdog.deadline().toMillis() + " ms"
                : e.toString());
      }
    } finally {
      if (reader != null) {
        reader.ended();
      }
      connection.close();
      if (worker != null) {
        handler.disconnected(worker);
      }
    }
  }

  private Worker hello(Connection connection, HelloWatchdog.Watch watch) throws IOException {
    ToDriver frame = connection.receiveToDriver(MAX_HELLO_BYTES);
    if (!watch.stop()) {
      throw new IOException("the hello arrived as the deadline closed the connection");
    }
    if (!(frame instanceof ToDriver.Hello hello)) {
      throw new IOException("expected hello, got frame type " + frame.type());
    }
    if (!MessageDigest.isEqual(secret, hello.secret())) {
      throw new IOException("wrong session secret");
    }
    return handler.connected(hello.tag(), hello.pid(), connection);
  }

  @Override
  public void close() {
    closed = true;
    watchdog.close();
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing twice or after a failure is fine.
    }
  }
}
