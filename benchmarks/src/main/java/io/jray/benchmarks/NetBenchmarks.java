package io.jray.benchmarks;

import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataClient;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.Peer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The data plane between two processes (issue 14), each beside its floor in the same run: a
 * 100 MB blob fetched from another JVM ({@link NetPeer}, on 127.0.0.2) against the same bytes
 * streamed over a raw loopback TCP socket, and a small request's round trip against a raw TCP
 * ping-pong of 64 bytes. This JVM connects from 127.0.0.1.
 */
public class NetBenchmarks {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @State(Scope.Benchmark)
  public static class Remote {
    Process process;
    DataClient client;
    Peer peer;
    SocketChannel stream;
    SocketChannel echo;
    final ByteBuffer sink = ByteBuffer.allocateDirect(NetPeer.CHUNK);
    final ByteBuffer message = ByteBuffer.allocateDirect(UdsBenchmarks.MESSAGE);
    final byte[] request = new byte[UdsBenchmarks.MESSAGE];

    @Setup(Level.Trial)
    public void start() throws IOException {
      String token = UUID.randomUUID().toString();
      ProcessBuilder command = ChildJvm.command(NetPeer.class)
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      command.environment().put(NetPeer.TOKEN_ENV, token);
      process = command.start();
      String line = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      if (line == null || !line.startsWith("ports ")) {
        throw new IllegalStateException("The data plane peer JVM did not start: " + line);
      }
      String[] ports = line.split(" ");
      InetAddress host = InetAddress.getByName(NetPeer.HOST);
      InetAddress self = InetAddress.getByName("127.0.0.1");
      client = new DataClient(NetOptions.builder(token).name("bench").localAddress(self).build());
      peer = client.connect(new InetSocketAddress(host, Integer.parseInt(ports[2])), DEADLINE);
      stream = raw(self, new InetSocketAddress(host, Integer.parseInt(ports[1])));
      echo = raw(self, new InetSocketAddress(host, Integer.parseInt(ports[1])));
      echo.write(ByteBuffer.wrap(new byte[] {'E'}));
    }

    private static SocketChannel raw(InetAddress self, InetSocketAddress server)
        throws IOException {
      SocketChannel channel = SocketChannel.open();
      channel.bind(new InetSocketAddress(self, 0));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(server);
      return channel;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
      client.close();
      stream.close();
      echo.close();
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Benchmark
  public long netTransfer(Remote remote) throws Exception {
    return remote.peer.fetch(BlobSource.OBJECT, "large",
        bytes -> bytes.position(bytes.limit()), DEADLINE).get();
  }

  @Benchmark
  public long tcpStream(Remote remote) throws IOException {
    remote.stream.write(ByteBuffer.wrap(new byte[] {'S'}));
    long received = 0;
    while (received < StoreBenchmarks.LARGE) {
      int count = remote.stream.read(remote.sink.clear());
      if (count < 0) {
        throw new IOException("The data plane peer JVM hung up");
      }
      received += count;
    }
    return received;
  }

  @Benchmark
  public byte[] netRoundTrip(Remote remote) throws Exception {
    return remote.peer.request(NetPeer.ECHO, remote.request, DEADLINE).get();
  }

  @Benchmark
  public int tcpRoundTrip(Remote remote) throws IOException {
    ByteBuffer message = remote.message;
    message.clear();
    message.putLong(0, System.nanoTime());
    while (message.hasRemaining()) {
      remote.echo.write(message);
    }
    message.clear();
    if (!UdsEcho.readFully(remote.echo, message)) {
      throw new IOException("The data plane peer JVM hung up");
    }
    return message.get(0);
  }
}
