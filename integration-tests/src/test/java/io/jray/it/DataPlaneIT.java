package io.jray.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataClient;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.Peer;
import io.jray.internal.net.PeerLostException;
import io.jray.internal.net.TokenCheck;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data plane between two JVMs, as two nodes use it: this one on 127.0.0.1, a
 * {@link DataPlaneNode} on 127.0.0.2. Requests go both ways on one connection, a 100 MB blob
 * arrives intact, the token check tells right from wrong, and a node SIGKILLed in the middle of
 * a fetch fails it with a clear error, not a hang.
 */
class DataPlaneIT {
  private static final int SIZE = 100_000_000;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final String token = UUID.randomUUID().toString();
  private Process node;
  private InetSocketAddress address;
  private DataClient client;

  @BeforeEach
  void startNode() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(JvmProcess.java().toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DataPlaneNode.class.getName());
    command.add(String.valueOf(SIZE));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(DataPlaneNode.TOKEN_ENV, token);
    node = builder.start();
    String line = new BufferedReader(new InputStreamReader(node.getInputStream(), UTF_8))
        .readLine();
    assertTrue(line != null && line.startsWith("listening "), "the node did not start: " + line);
    address = new InetSocketAddress(InetAddress.getByName("127.0.0.2"),
        Integer.parseInt(line.substring("listening ".length())));
    client = new DataClient(NetOptions.builder(token).name("node-a")
        .localAddress(InetAddress.getByName("127.0.0.1"))
        .onSync(1, (from, payload) -> ("node-a got " + new String(payload, UTF_8)).getBytes(UTF_8))
        .build());
  }

  @AfterEach
  void stopNode() throws Exception {
    client.close();
    node.getOutputStream().close();
    if (!node.waitFor(10, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoJvmsRequestBothWaysAndMoveAHundredMegabytes() throws Exception {
    assertEquals(TokenCheck.Outcome.OK, DataClient.checkToken(address, token, WAIT).outcome());
    assertEquals(TokenCheck.Outcome.TOKEN_DIFFERS,
        DataClient.checkToken(address, "not " + token, WAIT).outcome());

    Peer peer = client.connect(address, WAIT);
    assertEquals("ping", new String(peer.request(1, "ping".getBytes(UTF_8), WAIT)
        .get(30, TimeUnit.SECONDS), UTF_8));
    assertEquals("node-a got from node-b", new String(peer.request(2, new byte[0], WAIT)
        .get(30, TimeUnit.SECONDS), UTF_8));

    CRC32 crc = new CRC32();
    long size = peer.fetch(BlobSource.OBJECT, "blob", crc::update, WAIT).get(60, TimeUnit.SECONDS);
    assertEquals(SIZE, size);
    CRC32 expected = new CRC32();
    expected.update(DataPlaneNode.blob(SIZE));
    assertEquals(expected.getValue(), crc.getValue());
  }

  @Test
  void aNodeKilledMidFetchFailsTheFetchWithItsName() throws Exception {
    Peer peer = client.connect(address, WAIT);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Long> fetch = peer.fetch(BlobSource.OBJECT, "blob", bytes -> {
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, WAIT);
    try {
      assertTrue(started.await(30, TimeUnit.SECONDS), "no chunk arrived");
      node.destroyForcibly(); // SIGKILL
      ExecutionException lost = assertThrows(ExecutionException.class,
          () -> fetch.get(20, TimeUnit.SECONDS));
      assertInstanceOf(PeerLostException.class, lost.getCause());
      assertTrue(lost.getCause().getMessage().contains("from node-b (127.0.0.2:"),
          lost.getCause().getMessage());
    } finally {
      release.countDown();
    }
  }
}
