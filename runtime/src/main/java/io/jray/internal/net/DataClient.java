package io.jray.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * A driver's (or a node's) side of connections it opens to data plane servers. Each
 * {@link #connect} completes the handshake before it returns a {@link Peer}; from then on the
 * connection is symmetric, and the server may send, request and fetch through it too, answered
 * by this client's {@link NetOptions}. Closing the client closes its peers and ends its threads.
 */
public final class DataClient implements AutoCloseable {
  private final Endpoint endpoint;

  public DataClient(NetOptions options) {
    this.endpoint = new Endpoint(options);
  }

  /**
   * Connects and authenticates within the timeout. Throws {@link TokenMismatchException} if
   * the server's token differs, {@link DataPlaneException} if nothing listens or it does not
   * answer in time.
   */
  public Peer connect(InetSocketAddress server, Duration timeout) {
    if (endpoint.closed()) {
      throw new IllegalStateException("This data plane client is closed");
    }
    SocketChannel channel = open(server, endpoint.options, timeout, endpoint);
    try {
      Peer peer = new Peer(channel, handshake(channel, server, endpoint.options, timeout,
          endpoint), endpoint);
      endpoint.connected(peer);
      peer.start(false);
      return peer;
    } catch (IOException e) {
      close(channel);
      throw new DataPlaneException("Cannot set up the connection to " + server + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  public List<Peer> peers() {
    return endpoint.peers();
  }

  /**
   * Connects, completes the handshake and hangs up, within the timeout: tells "ok" from "the
   * server's token differs", "nothing listens there" and "no answer". For a node about to join
   * a cluster, before Hazelcast (whose refusal of a wrong cluster name shows only as a join
   * timeout).
   */
  public static TokenCheck checkToken(InetSocketAddress server, String token, Duration timeout) {
    NetOptions options = NetOptions.builder(token).name("token-check").handlerThreads(1).build();
    Endpoint endpoint = new Endpoint(options);
    try {
      SocketChannel channel = open(server, options, timeout, endpoint);
      try {
        String name = handshake(channel, server, options, timeout, endpoint);
        return new TokenCheck(TokenCheck.Outcome.OK, "Node " + name + " at " + server
            + " shares this cluster token");
      } finally {
        close(channel);
      }
    } catch (TokenMismatchException e) {
      return new TokenCheck(TokenCheck.Outcome.TOKEN_DIFFERS, e.getMessage());
    } catch (DataPlaneException e) {
      return new TokenCheck(e.getCause() instanceof ConnectException
          ? TokenCheck.Outcome.NOTHING_LISTENS : TokenCheck.Outcome.NO_ANSWER, e.getMessage());
    } catch (IOException e) {
      return new TokenCheck(TokenCheck.Outcome.NO_ANSWER, "The peer at " + server
          + " did not complete the handshake: " + e.getMessage());
    } finally {
      endpoint.close();
    }
  }

  private static SocketChannel open(InetSocketAddress server, NetOptions options,
      Duration timeout, Endpoint endpoint) {
    try {
      SocketChannel channel = SocketChannel.open();
      try {
        if (options.localAddress != null) {
          channel.bind(new InetSocketAddress(options.localAddress, 0));
        }
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.socket().connect(server, (int) Math.max(1, timeout.toMillis()));
        return channel;
      } catch (IOException | RuntimeException e) {
        close(channel);
        throw e;
      }
    } catch (ConnectException e) {
      throw new DataPlaneException("Nothing listens at " + server + " (" + e.getMessage()
          + "): is the node started, and is this its data plane address?", e);
    } catch (SocketTimeoutException e) {
      throw new DataPlaneException("No answer from " + server + " within " + timeout.toMillis()
          + " ms: is the address right, and does a firewall drop the connection?", e);
    } catch (IOException e) {
      throw new DataPlaneException("Cannot connect to " + server + ": " + e, e);
    }
  }

  /** Runs the client's handshake under the deadline; returns the server's name. */
  private static String handshake(SocketChannel channel, InetSocketAddress server,
      NetOptions options, Duration timeout, Endpoint endpoint) throws IOException {
    Endpoint.Watch watch = endpoint.watch(channel, timeout);
    try {
      String name = Handshake.client(channel, options.token, options.name);
      if (!watch.stop()) {
        throw new IOException("the handshake ended as its deadline passed");
      }
      return name;
    } catch (IOException e) {
      if (watch.expired()) {
        throw new IOException("no handshake within " + timeout.toMillis() + " ms", e);
      }
      throw e;
    } finally {
      watch.stop();
    }
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Hanging up is all we want.
    }
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
