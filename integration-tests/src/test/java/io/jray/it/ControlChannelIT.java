package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Ray;
import io.jray.RayConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control channel is private and hardened: a Unix socket in a folder only this user can
 * enter, a secret to present first, and frames that are checked before they are trusted. Garbage
 * drops that one connection; the session goes on.
 */
class ControlChannelIT {
  /** ControlServer.HELLO_DEADLINE: how long a peer has to present the secret. */
  private static final Duration HELLO_DEADLINE = Duration.ofSeconds(5);
  private static Path session;

  @BeforeAll
  static void start() throws IOException {
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false).build());
    try (Stream<Path> sessions = Files.list(Paths.get("/dev/shm"))) {
      session = sessions.filter(p -> p.getFileName().toString()
          .startsWith("jray-" + ProcessHandle.current().pid() + "-")).findFirst().orElseThrow();
    }
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void theSessionFolderIsPrivateAndNoTcpPortIsOpened() throws IOException {
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));
    assertTrue(Files.exists(session.resolve("control.sock")));
    Ray.get(TasksRemote.bytes(1 << 20)); // a large object file, written by a worker
    try (Stream<Path> entries = Files.walk(session)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        assertEquals(Files.isDirectory(entry) ? "rwx------" : "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)), entry.toString());
      }
    }
    // With the dashboard off, neither the driver nor a worker listens on any TCP port.
    Set<String> sockets = new HashSet<>(socketInodes(ProcessHandle.current().pid()));
    ProcessHandle.current().children().forEach(p -> sockets.addAll(socketInodes(p.pid())));
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Paths.get(table))) {
        String[] fields = line.trim().split("\\s+");
        boolean listening = fields.length > 9 && fields[3].equals("0A");
        assertTrue(!listening || !sockets.contains(fields[9]), "a jray process listens: " + line);
      }
    }
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // The descriptor closed while we looked.
        }
      });
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return inodes;
  }

  @Test
  void garbageTruncatedAndForgedFramesDropOnlyTheirConnection() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      byte[] garbage = new byte[1 + random.nextInt(200)];
      random.nextBytes(garbage);
      send(garbage);
    }
    // A length that promises more than it sends, then silence.
    send(new byte[] {0, 0, 0, 50, 1, 0, 3});
    // A frame claiming to be two gigabytes.
    send(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
    // A well-formed hello with the wrong secret.
    send(hello("not the secret".getBytes(StandardCharsets.UTF_8)));
    // Nothing else was affected: tasks still run, on the same worker.
    assertEquals(3L, Ray.get(TasksRemote.add(1L, 2L), Duration.ofSeconds(30)));
    List<Long> pids = Ray.get(List.of(TasksRemote.pid(), TasksRemote.pid()));
    assertEquals(pids.get(0), pids.get(1));
  }

  @Test
  void strangersGetASmallFirstFrameAndAShortDeadline() throws Exception {
    long worker = Ray.get(TasksRemote.pid(), Duration.ofSeconds(30));
    try (SocketChannel silent = connect(); SocketChannel greedy = connect();
        SocketChannel wrong = connect()) {
      // A first frame announcing 64 MiB (the limit for a worker that has said hello), a few of
      // its bytes, and the stream left open: refused from the length alone, long before the
      // deadline, so the driver neither allocated it nor waited for it.
      greedy.write(ByteBuffer.wrap(new byte[] {0x04, 0, 0, 0, 1, 0, 0}));
      long greedyMillis = millisUntilClosed(greedy, Duration.ofSeconds(30));
      assertTrue(greedyMillis < HELLO_DEADLINE.toMillis() / 2,
          "refused only after " + greedyMillis + " ms");
      wrong.write(ByteBuffer.wrap(hello("not the secret".getBytes(StandardCharsets.UTF_8))));
      millisUntilClosed(wrong, Duration.ofSeconds(30));
      // Says nothing at all: closed once the deadline has passed.
      millisUntilClosed(silent, HELLO_DEADLINE.multipliedBy(4));
    }
    // The worker that said hello at start-up, more than a deadline ago, is still connected.
    assertEquals(3L, Ray.get(TasksRemote.add(1L, 2L), Duration.ofSeconds(30)));
    assertEquals(worker, Ray.get(TasksRemote.pid(), Duration.ofSeconds(30)));
  }

  private static SocketChannel connect() throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(session.resolve("control.sock")));
    return channel;
  }

  /** Waits for the driver to close its end, sending nothing; fails after the deadline. */
  private static long millisUntilClosed(SocketChannel channel, Duration deadline)
      throws IOException {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    channel.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (System.nanoTime() < end) {
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        selector.selectedKeys().clear();
        int read;
        try {
          read = channel.read(ByteBuffer.allocate(64));
        } catch (IOException reset) {
          read = -1; // closed with our bytes unread: dropped just the same
        }
        assertTrue(read <= 0, "the driver answered a stranger");
        if (read < 0) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
      }
    }
    throw new AssertionError("the driver kept a stranger's connection open for " + deadline);
  }

  /** Sends bytes on a fresh connection and checks that the driver closes it unanswered. */
  private static void send(byte[] bytes) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(session.resolve("control.sock")));
      channel.write(ByteBuffer.wrap(bytes));
      channel.shutdownOutput();
      int read;
      try {
        read = channel.read(ByteBuffer.allocate(64)); // blocks until the driver closes its end
      } catch (IOException reset) {
        read = -1; // closed with our bytes unread: dropped just the same
      }
      assertEquals(-1, read, "the driver answered a stranger");
    }
  }

  private static byte[] hello(byte[] secret) {
    ByteBuffer frame = ByteBuffer.allocate(4 + 1 + 2 + secret.length + 8 + 4);
    frame.putInt(frame.capacity() - 4).put((byte) 1).putShort((short) secret.length).put(secret)
        .putLong(12345L).putInt(2);
    return frame.array();
  }
}
