package io.jray.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.ObjectIds;
import io.jray.internal.StoredValues;
import io.jray.internal.driver.SessionDir;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker's side of a streaming generator, over a real socket and store: each value is stored
 * and announced, no more than the bound are pulled before the consumer takes some, and the end
 * is the count or the error.
 */
@Timeout(60)
class GeneratorProducerTest {
  private static final int BOUND = 2;
  private static final TaskSpec SPEC = new TaskSpec(7L, "f#gen", "Jobs.gen", 0, false,
      new byte[0][], new long[0], new long[0]);

  private Path sessionDir;
  private ObjectStore store;
  private Connection driver;
  private Connection toDriver;
  private final Serializer serializer = new Serializer();
  private final GeneratorCredits credits = new GeneratorCredits(BOUND);
  private GeneratorProducer producer;
  private Calls calls;

  @BeforeEach
  void start() throws Exception {
    sessionDir = Files.createTempDirectory(Path.of("/dev/shm"), "jray-generator-test-");
    store = ObjectStore.create(sessionDir, 1 << 20);
    Path socket = sessionDir.resolve("control.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      SocketChannel workerEnd = SocketChannel.open(StandardProtocolFamily.UNIX);
      workerEnd.connect(UnixDomainSocketAddress.of(socket));
      driver = new Connection(server.accept());
      toDriver = new Connection(workerEnd);
    }
    producer = new GeneratorProducer(toDriver, new ObjectIds(5), credits,
        GeneratorCredits.Blocking.NONE);
    calls = new Calls(store, serializer, toDriver, producer);
  }

  @AfterEach
  void stop() {
    toDriver.close();
    driver.close();
    store.close();
    SessionDir.deleteTree(sessionDir);
    SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
  }

  private Object valueOf(long id) {
    try (StoredObject object = store.get(id)) {
      assertEquals(StoredValues.VALUE, object.flags());
      return serializer.deserialize(object.data());
    }
  }

  private ToDriver.GeneratorItem nextItem() throws Exception {
    return (ToDriver.GeneratorItem) driver.receiveToDriver();
  }

  @Test
  void theProducerPullsNoMoreThanTheBoundAheadOfTheConsumer() throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    Iterator<Integer> values = IntStream.rangeClosed(1, 5).boxed()
        .peek(i -> pulled.incrementAndGet()).iterator();
    Thread[] thread = new Thread[1];
    CompletableFuture<Calls.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
      thread[0] = Thread.currentThread();
      return producer.run(calls, SPEC, new Streaming(values, null));
    });
    for (int index = 0; index < BOUND; index++) {
      ToDriver.GeneratorItem item = nextItem();
      assertEquals(index, item.index());
      assertEquals(index + 1, valueOf(item.itemId()), "stored before it is announced");
    }
    awaitWaiting(() -> thread[0]);
    assertEquals(BOUND, pulled.get(), "it waits for the consumer");
    credits.consumed(SPEC.taskId(), 1);
    assertEquals(BOUND, nextItem().index());
    credits.consumed(SPEC.taskId(), Integer.MAX_VALUE); // nobody reads: it runs to its end
    assertEquals(3, nextItem().index());
    assertEquals(4, nextItem().index());
    assertNull(outcome.get(10, TimeUnit.SECONDS).error());
    assertEquals(5, valueOf(SPEC.taskId()), "the end is how many values there were");
    assertEquals(-1, credits.consumed(SPEC.taskId()), "forgotten once it ended");
  }

  @Test
  void aThrowEndsTheCallWithItsErrorAfterTheValuesStored() throws Exception {
    credits.consumed(SPEC.taskId(), Integer.MAX_VALUE);
    Iterator<Integer> values = IntStream.rangeClosed(1, 3).boxed().map(i -> {
      if (i == 3) {
        throw new IllegalStateException("broke");
      }
      return i;
    }).iterator();
    CompletableFuture<Calls.Outcome> outcome = CompletableFuture.supplyAsync(
        () -> producer.run(calls, SPEC, new Streaming(values, null)));
    ToDriver.GeneratorItem first = nextItem();
    credits.consumed(SPEC.taskId(), 2);
    ToDriver.GeneratorItem second = nextItem();
    Calls.Outcome end = outcome.get(10, TimeUnit.SECONDS);
    assertNotNull(end.error());
    assertTrue(end.error().contains("broke"), end.error());
    assertEquals(1, valueOf(first.itemId()));
    assertEquals(2, valueOf(second.itemId()));
    try (StoredObject stored = store.get(SPEC.taskId())) {
      assertEquals(StoredValues.ERROR, stored.flags());
    }
  }

  @Test
  void aMethodThatReturnsNoIteratorFailsWithAClearError() {
    var error = org.junit.jupiter.api.Assertions.assertThrows(io.jray.RayException.class,
        () -> Streaming.wrapIf(true, null, "Jobs.gen"));
    assertTrue(error.getMessage().contains("returned null"), error.getMessage());
    assertInstanceOf(Streaming.class, Streaming.wrapIf(true, java.util.stream.Stream.of(1),
        "Jobs.gen"));
  }

  /** Waits, with a deadline, until the thread waits (for the consumer). */
  private static void awaitWaiting(java.util.function.Supplier<Thread> thread)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the producer never waited");
      }
      Thread.sleep(1);
    }
  }
}
