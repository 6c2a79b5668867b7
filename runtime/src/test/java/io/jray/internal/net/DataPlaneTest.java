package io.jray.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataPlaneTest {
  private static final String TOKEN = "a cluster token";
  private static final int ECHO = 1;
  private static final int BLOB = 100_000_000;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] LARGE = largeBlob();

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAndCheckThreads() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    assertEquals(List.of(), NetThreads.alive(), "threads left running after close()");
  }

  @Test
  void twoNodesRequestEachOtherBothWaysOnOneConnection() throws Exception {
    DataServer one = server("127.0.0.1", options("one").build());
    DataServer two = server("127.0.0.2", options("two").build());
    DataClient fromOne = client(options("one").localAddress(InetAddress.getByName("127.0.0.1"))
        .build());
    DataClient fromTwo = client(options("two").localAddress(InetAddress.getByName("127.0.0.2"))
        .build());

    Peer oneToTwo = fromOne.connect(two.address(), WAIT);
    Peer twoToOne = fromTwo.connect(one.address(), WAIT);
    assertEquals("two", oneToTwo.name());
    assertEquals("two said: hi", text(oneToTwo.request(ECHO, bytes("hi"), WAIT)));
    assertEquals("one said: ho", text(twoToOne.request(ECHO, bytes("ho"), WAIT)));

    // The server's end of the first connection asks the client back over the same socket.
    Peer serverSide = two.peers().get(0);
    assertEquals("one", serverSide.name());
    assertEquals("127.0.0.1", serverSide.address().getAddress().getHostAddress());
    assertEquals("one said: back", text(serverSide.request(ECHO, bytes("back"), WAIT)));

    ExecutionException error = assertThrows(ExecutionException.class,
        () -> oneToTwo.request(99, bytes("?"), WAIT).get(10, TimeUnit.SECONDS));
    assertTrue(error.getCause().getMessage().contains("no handler for message type 99"),
        error.getCause().getMessage());
  }

  @Test
  void aHundredMegabyteBlobArrivesIntact() throws Exception {
    DataServer server = server("127.0.0.2", options("holder").blobs(
        (kind, id) -> id.equals("large") ? BlobSource.ofBytes(LARGE) : null).build());
    Peer peer = client(options("reader").build()).connect(server.address(), WAIT);

    Checksum sink = new Checksum();
    long start = System.nanoTime();
    long size = peer.fetch(BlobSource.OBJECT, "large", sink, WAIT).get(30, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("100 MB fetched in %.3f s (%.2f GB/s)%n", seconds, BLOB / seconds / 1e9);

    assertEquals(BLOB, size);
    assertEquals(BLOB, sink.bytes);
    assertEquals(checksum(LARGE), sink.crc.getValue());
  }

  @Test
  void aStalledSinkKeepsTheSenderBoundedAndMessagesFlow() throws Exception {
    NetOptions serving = options("holder").blobs((kind, id) -> BlobSource.ofBytes(LARGE)).build();
    DataServer server = server("127.0.0.1", serving);
    Peer peer = client(options("reader").build()).connect(server.address(), WAIT);

    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stalled = new CountDownLatch(1);
    Checksum checksum = new Checksum();
    CompletableFuture<Long> fetch = peer.fetch(BlobSource.OBJECT, "large", new BlobSink() {
      @Override
      public void chunk(ByteBuffer bytes) throws java.io.IOException {
        stalled.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        checksum.chunk(bytes);
      }
    }, WAIT);
    assertTrue(stalled.await(10, TimeUnit.SECONDS), "no chunk arrived");

    Peer sender = server.peers().get(0);
    for (int i = 0; i < 200; i++) { // small requests pass the stalled transfer, both ways
      assertEquals("holder said: " + i, text(peer.request(ECHO, bytes("" + i), WAIT)));
      assertEquals("reader said: " + i, text(sender.request(ECHO, bytes("" + i), WAIT)));
    }
    assertFalse(fetch.isDone());
    long bound = serving.maxQueuedBytes + (64 << 10) + Frames.CHUNK_BYTES;
    assertTrue(sender.peakBufferedBytes() <= bound,
        "the sender held " + sender.peakBufferedBytes() + " bytes, over " + bound);

    release.countDown();
    assertEquals(BLOB, fetch.get(30, TimeUnit.SECONDS));
    assertEquals(checksum(LARGE), checksum.crc.getValue());
    assertTrue(sender.peakBufferedBytes() <= bound);
  }

  @Test
  void messagesPassAnActiveTransferInsteadOfWaitingForIt() throws Exception {
    DataServer server = server("127.0.0.1", options("holder")
        .blobs((kind, id) -> BlobSource.ofBytes(LARGE)).build());
    Peer peer = client(options("reader").build()).connect(server.address(), WAIT);
    CountDownLatch flowing = new CountDownLatch(1);
    Checksum checksum = new Checksum();
    CompletableFuture<Long> fetch = peer.fetch(BlobSource.OBJECT, "large", chunk -> {
      flowing.countDown();
      checksum.chunk(chunk);
      try {
        Thread.sleep(5); // a receiver that writes slowly: the transfer takes 2 s or more
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, WAIT);
    assertTrue(flowing.await(10, TimeUnit.SECONDS));
    Peer sender = server.peers().get(0);
    for (int i = 0; i < 10; i++) { // the sender's writer takes them between chunks
      assertEquals("reader said: " + i, text(sender.request(ECHO, bytes("" + i), WAIT)));
    }
    assertFalse(fetch.isDone(), "the requests waited for the whole transfer");
    assertEquals(BLOB, fetch.get(60, TimeUnit.SECONDS));
    assertEquals(checksum(LARGE), checksum.crc.getValue());
  }

  @Test
  void aPeerThatStopsReadingMakesSendersWaitThenFailNotGrow() throws Exception {
    NetOptions serving = options("sender").sendTimeout(Duration.ofMillis(300)).build();
    DataServer server = server("127.0.0.1", serving);
    try (var raw = java.nio.channels.SocketChannel.open(server.address())) {
      Handshake.client(raw, TOKEN.getBytes(UTF_8), "never-reads");
      Peer sender = waitForPeer(server);
      byte[] message = new byte[64 << 10];
      DataPlaneException full = assertThrows(DataPlaneException.class, () -> {
        for (int i = 0; i < 100_000; i++) {
          sender.send(ECHO, message);
        }
      });
      // Either the queue stayed full past the send timeout, or the writer's blocked write did
      // and the connection was dropped: both within the timeout, neither by growing.
      assertTrue(full.getMessage().matches(".*(is not reading|took no bytes for).*"),
          full.getMessage());
      long bound = serving.maxQueuedBytes + (64 << 10) + Frames.CHUNK_BYTES;
      assertTrue(sender.peakBufferedBytes() <= bound,
          "the sender held " + sender.peakBufferedBytes() + " bytes, over " + bound);
    }
  }

  @Test
  void aMissingBlobFailsAtOnce() throws Exception {
    DataServer server = server("127.0.0.1", options("holder").build());
    Peer peer = client(options("reader").build()).connect(server.address(), WAIT);
    long start = System.nanoTime();
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> peer.fetch(BlobSource.OBJECT, "nope", new Checksum(), Duration.ofMinutes(5))
            .get(10, TimeUnit.SECONDS));
    assertInstanceOf(BlobMissingException.class, error.getCause());
    assertTrue(error.getCause().getMessage().contains("does not have blob 1/nope"),
        error.getCause().getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void aServerKilledMidFetchFailsTheFetchAndRequestsClearly() throws Exception {
    CountDownLatch requestArrived = new CountDownLatch(1);
    DataServer server = server("127.0.0.2", options("dying")
        .blobs((kind, id) -> BlobSource.ofBytes(LARGE))
        .on(2, (from, payload) -> {
          requestArrived.countDown();
          return new CompletableFuture<>(); // never answers
        }).build());
    Peer peer = client(options("reader").build()).connect(server.address(), WAIT);
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Long> fetch = peer.fetch(BlobSource.OBJECT, "large", bytes -> {
      stalled.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, WAIT);
    CompletableFuture<byte[]> request = peer.request(2, bytes("wait"), WAIT);
    assertTrue(stalled.await(10, TimeUnit.SECONDS));
    assertTrue(requestArrived.await(10, TimeUnit.SECONDS));

    server.close();
    try {
      ExecutionException lost = assertThrows(ExecutionException.class,
          () -> fetch.get(10, TimeUnit.SECONDS));
      assertInstanceOf(PeerLostException.class, lost.getCause());
      String message = lost.getCause().getMessage();
      assertTrue(message.contains("fetch of blob 1/large from dying (127.0.0.2:"), message);
      assertTrue(message.contains("of 100000000 bytes received"), message);
      ExecutionException requestLost = assertThrows(ExecutionException.class,
          () -> request.get(10, TimeUnit.SECONDS));
      assertInstanceOf(PeerLostException.class, requestLost.getCause());
      assertTrue(requestLost.getCause().getMessage().contains("(message type 2) to dying"));
      assertFalse(peer.isOpen());
    } finally {
      release.countDown();
    }
  }

  @Test
  void aRequestPastItsDeadlineFailsWithTheDeadline() throws Exception {
    DataServer server = server("127.0.0.1", options("slow")
        .on(2, (from, payload) -> new CompletableFuture<>()).build());
    Peer peer = client(options("asker").build()).connect(server.address(), WAIT);
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> peer.request(2, bytes("?"), Duration.ofMillis(200)).get(10, TimeUnit.SECONDS));
    assertTrue(error.getCause().getMessage().contains("did not answer request"),
        error.getCause().getMessage());
  }

  private NetOptions.Builder options(String name) {
    return NetOptions.builder(TOKEN).name(name)
        .onSync(ECHO, (from, payload) -> bytes(name + " said: " + text(payload)));
  }

  private DataServer server(String host, NetOptions options) throws Exception {
    DataServer server = DataServer.start(new InetSocketAddress(InetAddress.getByName(host), 0),
        options);
    open.add(server);
    return server;
  }

  private DataClient client(NetOptions options) {
    DataClient client = new DataClient(options);
    open.add(client);
    return client;
  }

  static Peer waitForPeer(DataServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.peers().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no peer connected within 10 s");
      }
      Thread.sleep(5);
    }
    return server.peers().get(0);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  private static String text(CompletableFuture<byte[]> reply) throws Exception {
    return text(reply.get(10, TimeUnit.SECONDS));
  }

  private static byte[] largeBlob() {
    byte[] bytes = new byte[BLOB];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static long checksum(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /** A sink that keeps a CRC of what it took. */
  static final class Checksum implements BlobSink {
    final CRC32 crc = new CRC32();
    long bytes;

    @Override
    public void chunk(ByteBuffer chunk) {
      bytes += chunk.remaining();
      crc.update(chunk);
    }
  }
}
