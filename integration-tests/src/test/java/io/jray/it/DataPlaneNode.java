package io.jray.it;

import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataServer;
import io.jray.internal.net.NetOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A stand-in node for {@link DataPlaneIT}: a data plane server on 127.0.0.2 whose token comes in
 * the environment. It serves a blob of {@code args[0]} bytes ({@link #blob}), echoes requests of
 * type 1, and for type 2 asks the client back over the same connection and replies with its
 * answer. Prints {@code listening <port>}; ends when its stdin closes or it is killed.
 */
public final class DataPlaneNode {
  static final String TOKEN_ENV = "JRAY_IT_TOKEN";

  private DataPlaneNode() {}

  public static void main(String[] args) throws Exception {
    byte[] blob = blob(Integer.parseInt(args[0]));
    NetOptions options = NetOptions.builder(System.getenv(TOKEN_ENV)).name("node-b")
        .onSync(1, (from, payload) -> payload)
        .onSync(2, (from, payload) -> from.request(1, "from node-b".getBytes(
            StandardCharsets.UTF_8), Duration.ofSeconds(10)).get())
        .blobs((kind, id) -> id.equals("blob") ? BlobSource.ofBytes(blob) : null)
        .build();
    try (DataServer server = DataServer.start(
        new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), options)) {
      System.out.println("listening " + server.address().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serves until the test closes our stdin.
      }
    }
  }

  /** Bytes both JVMs can make alike: a simple generator, no shared file. */
  static byte[] blob(int size) {
    byte[] bytes = new byte[size];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) x;
    }
    return bytes;
  }
}
