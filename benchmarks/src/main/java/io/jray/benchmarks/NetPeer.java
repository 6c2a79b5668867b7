package io.jray.benchmarks;

import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataServer;
import io.jray.internal.net.NetOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The other JVM of the data plane figures, on 127.0.0.2: a jray data plane server that echoes
 * requests and serves one 100 MB blob, and beside it a raw TCP server that streams the same
 * 100 MB ('S') or echoes 64-byte messages ('E'), the floor. Prints {@code ports <raw> <net>},
 * then serves until its stdin closes. The cluster token comes in {@link #TOKEN_ENV}.
 */
public final class NetPeer {
  static final String TOKEN_ENV = "JRAY_BENCH_TOKEN";
  static final String HOST = "127.0.0.2";
  static final int ECHO = 1;
  static final int CHUNK = 256 << 10;

  private NetPeer() {}

  public static void main(String[] args) throws IOException {
    byte[] blob = new byte[StoreBenchmarks.LARGE];
    for (int i = 0; i < blob.length; i += 4096) {
      blob[i] = (byte) i;
    }
    InetAddress host = InetAddress.getByName(HOST);
    try (ServerSocketChannel raw = ServerSocketChannel.open();
        DataServer net = DataServer.start(new InetSocketAddress(host, 0),
            NetOptions.builder(System.getenv(TOKEN_ENV)).name("bench-peer")
                .onSync(ECHO, (from, payload) -> payload)
                .blobs((kind, id) -> BlobSource.ofBytes(blob)).build())) {
      raw.bind(new InetSocketAddress(host, 0));
      Thread rawServer = new Thread(() -> serveRaw(raw, blob), "bench-raw-tcp");
      rawServer.setDaemon(true);
      rawServer.start();
      System.out.println("ports " + ((InetSocketAddress) raw.getLocalAddress()).getPort() + " "
          + net.address().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // The benchmark closes our stdin when it is done.
      }
    }
  }

  private static void serveRaw(ServerSocketChannel server, byte[] blob) {
    try {
      while (true) {
        SocketChannel client = server.accept();
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Thread thread = new Thread(() -> rawClient(client, blob), "bench-raw-client");
        thread.setDaemon(true);
        thread.start();
      }
    } catch (IOException closed) {
      // The JVM is ending.
    }
  }

  /** Streams the blob on 'S' (through one buffer, as the data plane's writer does) or echoes. */
  private static void rawClient(SocketChannel client, byte[] blob) {
    ByteBuffer command = ByteBuffer.allocate(1);
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    try (client) {
      while (client.read(command.clear()) > 0) {
        if (command.get(0) == 'S') {
          for (int at = 0; at < blob.length; at += CHUNK) {
            buffer.clear();
            buffer.put(blob, at, Math.min(CHUNK, blob.length - at)).flip();
            while (buffer.hasRemaining()) {
              client.write(buffer);
            }
          }
          continue;
        }
        ByteBuffer message = ByteBuffer.allocateDirect(UdsBenchmarks.MESSAGE);
        while (UdsEcho.readFully(client, message)) {
          message.flip();
          while (message.hasRemaining()) {
            client.write(message);
          }
          message.clear();
        }
        return;
      }
    } catch (IOException e) {
      // The benchmark hung up.
    }
  }
}
