package io.jray.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The other end of the cross-process floor: a JVM that echoes fixed-size messages on a Unix domain
 * socket, one client, until the client hangs up. Usage: {@code UdsEcho <socket path> <size>}.
 */
public final class UdsEcho {
  private UdsEcho() {}

  public static void main(String[] args) throws IOException {
    Path path = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      System.out.println("listening"); // the client waits for this line
      System.out.flush();
      try (SocketChannel client = server.accept()) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        while (readFully(client, buffer)) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            client.write(buffer);
          }
          buffer.clear();
        }
      }
    }
  }

  /** Fills the buffer; false if the peer closed first. */
  static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        return false;
      }
    }
    return true;
  }
}
