package io.jray.internal.net;

import io.jray.internal.Log;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's end of the data plane: listens on the node's own address (never the wildcard) and
 * serves every peer that proves it knows the cluster token. Each accepted connection gets a
 * thread that runs the handshake under {@link NetOptions} {@code helloDeadline} and then reads
 * the peer's frames; a peer that fails the handshake, stays silent or announces an oversized
 * first frame is dropped with one warning.
 */
public final class DataServer implements AutoCloseable {
  private final Endpoint endpoint;
  private final ServerSocketChannel server;
  private final InetSocketAddress address;
  private final Thread acceptor;
  private final Set<Thread> greeting = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  private DataServer(Endpoint endpoint, ServerSocketChannel server) throws IOException {
    this.endpoint = endpoint;
    this.server = server;
    this.address = (InetSocketAddress) server.getLocalAddress();
    this.acceptor = endpoint.thread("jray-net-accept-" + address.getPort(), this::acceptLoop);
  }

  /** Listens on this address (port 0: any free one) and starts serving. */
  public static DataServer start(InetSocketAddress bind, NetOptions options) {
    if (bind.isUnresolved() || bind.getAddress().isAnyLocalAddress()) {
      throw new IllegalArgumentException("The data plane listens on the node's own address, "
          + "never on " + bind + ": give the address other nodes reach this one at");
    }
    Endpoint endpoint = new Endpoint(options);
    try {
      ServerSocketChannel server = ServerSocketChannel.open();
      try {
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(bind, 128);
        DataServer dataServer = new DataServer(endpoint, server);
        dataServer.acceptor.start();
        return dataServer;
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
    } catch (IOException e) {
      endpoint.close();
      throw new DataPlaneException("Cannot listen on " + bind + ": " + e.getMessage()
          + ". Is another node using this port?", e);
    }
  }

  /** Where this server listens (with the chosen port when asked for port 0). */
  public InetSocketAddress address() {
    return address;
  }

  /** The peers connected now. */
  public List<Peer> peers() {
    return endpoint.peers();
  }

  private void acceptLoop() {
    while (!endpoint.closed()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!closing) {
          Log.warn("The data plane at {} stopped accepting: {}", address, e.toString());
        }
        return;
      }
      Thread thread = endpoint.thread("jray-net-read-" + remote(channel), () -> serve(channel));
      greeting.add(thread);
      thread.start();
    }
  }

  private void serve(SocketChannel channel) {
    String from = remote(channel);
    Peer peer;
    Endpoint.Watch watch = endpoint.watch(channel, endpoint.options.helloDeadline);
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      String name = Handshake.server(channel, endpoint.options.token, endpoint.options.name);
      if (!watch.stop()) {
        throw new IOException("the handshake ended as its deadline passed");
      }
      peer = new Peer(channel, name, endpoint);
    } catch (IOException | RuntimeException e) {
      watch.stop();
      if (!closing) { // logged before the peer sees the close, so a test may look for it
        Log.warn("Dropped a data plane connection from {}: {}", from, watch.expired()
            ? "it completed no handshake within " + endpoint.options.helloDeadline.toMillis()
                + " ms" : e.getMessage() != null ? e.getMessage() : e.toString());
      }
      close(channel);
      return;
    } finally {
      greeting.remove(Thread.currentThread());
    }
    endpoint.connected(peer);
    if (peer.isOpen()) {
      peer.start(true);
      peer.readHere();
    }
  }

  private static String remote(SocketChannel channel) {
    try {
      InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
      return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    } catch (IOException e) {
      return "an unknown peer";
    }
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Dropping it is all we want.
    }
  }

  /** Stops listening, closes every connection and ends every thread of this server. */
  @Override
  public void close() {
    closing = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing is all we want.
    }
    endpoint.close();
    for (Thread thread : List.copyOf(greeting)) {
      thread.interrupt();
    }
    try {
      acceptor.join(5_000);
      for (Thread thread : List.copyOf(greeting)) {
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
