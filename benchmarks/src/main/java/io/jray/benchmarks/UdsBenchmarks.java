package io.jray.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor for any cross-process call: a 64-byte request and its 64-byte reply between this JVM
 * and an echo JVM ({@link UdsEcho}) over a Unix domain socket, both blocking, nothing else.
 */
public class UdsBenchmarks {
  static final int MESSAGE = 64;

  @State(Scope.Benchmark)
  public static class Echo {
    Path dir;
    Process process;
    SocketChannel channel;
    final ByteBuffer request = ByteBuffer.allocateDirect(MESSAGE);
    final ByteBuffer reply = ByteBuffer.allocateDirect(MESSAGE);

    @Setup(Level.Trial)
    public void start() throws IOException {
      dir = Files.createTempDirectory("jray-bench-uds");
      Path socket = dir.resolve("echo.sock");
      process = ChildJvm.command(UdsEcho.class, socket.toString(), Integer.toString(MESSAGE))
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      if (!"listening".equals(out.readLine())) {
        throw new IllegalStateException("The echo JVM did not start");
      }
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
      channel.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(dir.resolve("echo.sock"));
      Files.deleteIfExists(dir);
    }
  }

  @Benchmark
  public int udsRoundTrip(Echo echo) throws IOException {
    echo.request.clear();
    echo.request.putLong(0, System.nanoTime());
    while (echo.request.hasRemaining()) {
      echo.channel.write(echo.request);
    }
    echo.reply.clear();
    if (!UdsEcho.readFully(echo.channel, echo.reply)) {
      throw new IOException("The echo JVM hung up");
    }
    return echo.reply.get(0);
  }
}
