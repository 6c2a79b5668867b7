package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Tuning;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.ToDriver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A peer that has not presented the secret gets a small first frame and a short deadline. */
@Timeout(60)
class ControlServerTest {
  private static final String SECRET = "0123456789abcdef".repeat(4);
  private static final Duration SHORT = Duration.ofMillis(300);
  /** Far longer than any close this test expects: only a hung server takes this long. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final BlockingQueue<String> hellos = new ArrayBlockingQueue<>(10);
  private ControlServer server;
  private Path socket;

  @BeforeEach
  void start() {
    server = start(SHORT);
  }

  private ControlServer start(Duration helloDeadline) {
    socket = dir.resolve("control-" + System.nanoTime() + ".sock");
    return new ControlServer(socket, SECRET,
        new ControlServer.Handler() {
          @Override
          public Worker connected(int tag, long pid, Connection connection) {
            hellos.add(tag + "/" + pid);
            return null; // no such worker: the server closes the connection
          }

          @Override
          public void frame(Worker worker, ToDriver frame) {}

          @Override
          public void disconnected(Worker worker) {}
        }, Tuning.DEFAULT_LATE_FRAME_DELAY, new ChannelReader.Waiters(), helloDeadline);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPeerThatSaysNothingIsClosedAfterTheDeadline() throws Exception {
    try (SocketChannel peer = connect()) {
      long millis = millisUntilClosed(peer);
      assertTrue(millis >= SHORT.toMillis() - 50, "closed before the deadline: " + millis + " ms");
    }
    assertTrue(hellos.isEmpty());
  }

  @Test
  void aFirstFrameOverTheHelloLimitIsRefusedAtOnce() throws Exception {
    server.close();
    server = start(Duration.ofMinutes(5)); // so only the length can close it in time
    try (SocketChannel peer = connect()) {
      // 64 MiB announced, a few bytes sent, the stream left open.
      peer.write(ByteBuffer.wrap(new byte[] {0x04, 0, 0, 0, 1, 0, 0}));
      millisUntilClosed(peer);
    }
    try (SocketChannel peer = connect()) {
      peer.write(ByteBuffer.allocate(4).putInt(0, ControlServer.MAX_HELLO_BYTES + 1));
      millisUntilClosed(peer);
    }
    assertTrue(hellos.isEmpty());
  }

  @Test
  void aWrongSecretIsClosedAndNeverReachesTheHandler() throws Exception {
    try (SocketChannel peer = connect()) {
      peer.write(hello("not the secret", 7));
      millisUntilClosed(peer);
    }
    assertTrue(hellos.isEmpty());
  }

  @Test
  void theRightSecretReachesTheHandler() throws Exception {
    try (SocketChannel peer = connect()) {
      peer.write(hello(SECRET, 7));
      assertEquals("7/12345", hellos.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }
  }

  private SocketChannel connect() throws IOException {
    SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX);
    peer.connect(UnixDomainSocketAddress.of(socket));
    return peer;
  }

  private static ByteBuffer hello(String secret, int tag) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(4 + 1 + 2 + bytes.length + 8 + 4);
    frame.putInt(frame.capacity() - 4).put((byte) 1).putShort((short) bytes.length).put(bytes)
        .putLong(12345L).putInt(tag);
    return frame.flip();
  }

  /** Waits for the server to close its end; fails if it has not within {@link #PATIENCE}. */
  private static long millisUntilClosed(SocketChannel peer) throws IOException {
    long start = System.nanoTime();
    long end = start + PATIENCE.toNanos();
    peer.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      peer.register(selector, SelectionKey.OP_READ);
      ByteBuffer sink = ByteBuffer.allocate(64);
      while (System.nanoTime() < end) {
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        selector.selectedKeys().clear();
        try {
          int read = peer.read(sink.clear());
          assertTrue(read <= 0, "the server answered a stranger");
          if (read < 0) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          }
        } catch (IOException reset) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
      }
    }
    throw new AssertionError("the server kept a stranger's connection open for " + PATIENCE);
  }
}
