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

/**
 * The driver's end of the control channel: a Unix domain socket in the session folder (mode 0700,
 * so only this user reaches it), and a secret every worker must present first. Each worker gets
 * a thread that reads its frames.
 */
final class ControlServer implements AutoCloseable {

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
  private volatile boolean closed;

  ControlServer(Path socket, String secret, Handler handler) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.handler = handler;
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
        Thread reader = new Thread(() -> serve(new Connection(channel)), "jray-control-reader");
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
    try {
      worker = hello(connection);
      if (worker == null) {
        connection.close();
        return;
      }
      Thread.currentThread().setName("jray-control-" + worker.pid());
      while (!closed) {
        handler.frame(worker, connection.receiveToDriver());
        if (!connection.hasBufferedFrame()) {
          // What this worker's news let through (actor calls waiting for a batch) goes now,
          // in one write, before this thread waits for more.
          connection.flush();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed && worker != null && !worker.exited.get()) {
        Log.debug("Control channel of {} ended: {}", worker, e.toString());
      } else if (worker == null) {
        Log.warn("Dropped a control connection that did not introduce itself: {}", e.toString());
      }
    } finally {
      connection.close();
      if (worker != null) {
        handler.disconnected(worker);
      }
    }
  }

  private Worker hello(Connection connection) throws IOException {
    ToDriver frame = connection.receiveToDriver();
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
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing twice or after a failure is fine.
    }
  }
}
