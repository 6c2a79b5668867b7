package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.Tuning;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.ToDriver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel's reading shared by its own thread and callers, over a real Unix domain socket: the
 * test plays the worker at the other end and sends {@code Acquire(n)} frames, each of which
 * completes the future {@link #reply(long)} of n, recording the thread that applied it.
 */
class ChannelReaderTest {
  /** Long enough that a caller takes the channel from its own thread, woken, on a busy machine. */
  private static final long SPIN = TimeUnit.MILLISECONDS.toNanos(20);

  @TempDir Path dir;
  private ServerSocketChannel server;
  private final ChannelReader.Waiters waiters = new ChannelReader.Waiters();
  private final Map<Long, CompletableFuture<Thread>> replies = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Channel> channels = new ArrayList<>();
  /** The channel most tests use, and its parts. */
  private SocketChannel workerEnd;
  private Connection worker;
  private final AtomicReference<ChannelReader> reader = new AtomicReference<>();
  private AtomicReference<Throwable> ownEnd;
  private Thread own;

  /** A control channel: the worker's end, and the driver's, read by its own thread. */
  private final class Channel {
    final SocketChannel workerEnd;
    final Connection worker;
    final AtomicReference<ChannelReader> reader = new AtomicReference<>();
    final AtomicReference<Throwable> ownEnd = new AtomicReference<>();
    final Thread own;

    Channel() throws Exception {
      workerEnd = SocketChannel.open(StandardProtocolFamily.UNIX);
      workerEnd.connect(server.getLocalAddress());
      worker = new Connection(workerEnd);
      Connection driverEnd = Connection.pollable(server.accept(),
          Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
      own = new Thread(() -> {
        ChannelReader mine = new ChannelReader(driverEnd, frame -> {
          long n = assertInstanceOf(ToDriver.Acquire.class, frame).id();
          reply(n).complete(Thread.currentThread());
        }, waiters);
        reader.set(mine);
        try {
          while (!stop.get()) {
            mine.ownTurn();
          }
        } catch (IOException | RuntimeException e) {
          ownEnd.set(e);
        } finally {
          mine.ended();
          driverEnd.close();
        }
      }, "own");
      own.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reader.get() == null) {
        assertTrue(System.nanoTime() < deadline, "the channel's own thread did not start");
        Thread.sleep(1);
      }
      channels.add(this);
    }

    void close() throws Exception {
      workerEnd.close(); // ends the own thread's wait on the socket
      own.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(own.isAlive(), "the channel's own thread outlived its channel");
    }
  }

  @BeforeEach
  void connect() throws Exception {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(dir.resolve("c.sock")));
    Channel first = new Channel();
    workerEnd = first.workerEnd;
    worker = first.worker;
    reader.set(first.reader.get());
    ownEnd = first.ownEnd;
    own = first.own;
  }

  @AfterEach
  void close() throws Exception {
    stop.set(true);
    for (Channel channel : channels) {
      channel.close();
    }
    server.close();
  }

  private CompletableFuture<Thread> reply(long n) {
    return replies.computeIfAbsent(n, k -> new CompletableFuture<>());
  }

  /** The worker sends reply n after a pause, so that the caller waits for it. */
  private Thread sendLater(long n, long millis) {
    Thread sender = new Thread(() -> {
      try {
        Thread.sleep(millis);
        worker.send(new ToDriver.Acquire(n));
      } catch (InterruptedException | IOException e) {
        throw new RuntimeException(e);
      }
    });
    sender.start();
    return sender;
  }

  /** A caller reads reply n, which the worker sends a moment later: callers read the channel. */
  private void callerReads(long n) throws Exception {
    Thread sender = sendLater(n, 5);
    assertTrue(reader.get().readUntil(reply(n), SPIN, 0));
    sender.join();
  }

  private static Thread appliedBy(CompletableFuture<Thread> reply) throws Exception {
    return reply.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallerReadsItsReplyOnItsOwnThreadTakingTheChannelFromItsWaitingOwnThread()
      throws Exception {
    Thread sender = sendLater(1, 20);
    assertTrue(reader.get().readUntil(reply(1), SPIN, 0));
    assertSame(Thread.currentThread(), appliedBy(reply(1)));
    sender.join();
  }

  @Test
  void whatComesWhileNoCallerWaitsIsReadByTheOwnThreadBeforeAndBetweenCalls() throws Exception {
    worker.send(new ToDriver.Acquire(1));
    assertSame(own, appliedBy(reply(1)));
    callerReads(2);
    // Callers read the channel now; what comes between their calls is still read.
    worker.send(new ToDriver.Acquire(3));
    assertSame(own, appliedBy(reply(3)));
  }

  @Test
  void aCallerGivesUpAtItsDeadlineAndTheChannelGoesOn() throws Exception {
    callerReads(0);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
    assertFalse(reader.get().readUntil(reply(1), SPIN, deadline));
    assertTrue(System.nanoTime() - deadline >= 0, "gave up before its deadline");
    assertFalse(reply(1).isDone());
    worker.send(new ToDriver.Acquire(1));
    assertSame(own, appliedBy(reply(1)));
  }

  @Test
  void anInterruptedCallerGivesUpKeepingItsInterruptAndTheChannelLives() throws Exception {
    Thread.currentThread().interrupt();
    try {
      assertFalse(reader.get().readUntil(reply(1), SPIN, 0));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was lost");
    } finally {
      Thread.interrupted();
    }
    worker.send(new ToDriver.Acquire(1));
    assertNotNull(appliedBy(reply(1)));
  }

  @Test
  void aReplyCompletedElsewhereEndsTheCallersWaitOnTheSocket() throws Exception {
    CompletableFuture<Thread> elsewhere = new CompletableFuture<>();
    Thread completer = new Thread(() -> {
      try {
        Thread.sleep(30); // the caller is past its spin, waiting on the socket
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      elsewhere.complete(Thread.currentThread());
    });
    completer.start();
    assertTrue(reader.get().readUntil(elsewhere, SPIN, 0));
    completer.join();
    // The channel is still read: by its own thread once the caller let go.
    worker.send(new ToDriver.Acquire(1));
    assertNotNull(appliedBy(reply(1)));
  }

  @Test
  void theWorkerClosingTheChannelEndsTheCallersWaitAndTheOwnThreadEndsTheChannel()
      throws Exception {
    Thread closer = new Thread(() -> {
      try {
        Thread.sleep(30);
        workerEnd.close();
      } catch (InterruptedException | IOException e) {
        throw new RuntimeException(e);
      }
    });
    closer.start();
    assertFalse(reader.get().readUntil(reply(1), SPIN, 0));
    closer.join();
    own.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(own.isAlive(), "the own thread did not end the channel");
    assertInstanceOf(IOException.class, ownEnd.get());
  }

  @Test
  void aSecondCallerOnAChannelAnotherCallerReadsWaitsTheUsualWayAndIsAnswered()
      throws Exception {
    AtomicReference<Thread> firstThread = new AtomicReference<>();
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
      firstThread.set(Thread.currentThread());
      return reader.get().readUntil(reply(1), SPIN, 0);
    });
    // Probes until one is applied by the first caller: from then on it holds the channel.
    for (long probe = 100; ; probe++) {
      assertTrue(probe < 10_100, "the first caller never took the channel");
      worker.send(new ToDriver.Acquire(probe));
      if (appliedBy(reply(probe)) == firstThread.get()) {
        break;
      }
      Thread.sleep(1);
    }
    assertFalse(reader.get().readUntil(reply(2), SPIN, 0), "took a channel another reads");
    waiters.parked(); // the second waits the usual way
    try {
      worker.send(new ToDriver.Acquire(2));
      assertSame(firstThread.get(), appliedBy(reply(2)));
      worker.send(new ToDriver.Acquire(1));
      assertTrue(first.get(10, TimeUnit.SECONDS));
    } finally {
      waiters.unparked();
    }
  }

  @Test
  void whileAGetWaitsTheUsualWayTheOwnThreadWaitsOnTheSocketAgain() throws Exception {
    callerReads(1);
    // Callers read: the own thread only looks now and then, parked in between.
    awaitState(Thread.State.TIMED_WAITING);
    waiters.parked();
    try {
      awaitWaitingOnTheSocket(own);
      worker.send(new ToDriver.Acquire(2));
      assertSame(own, appliedBy(reply(2)));
    } finally {
      waiters.unparked();
    }
  }

  @Test
  void aThreadCallingWithoutWaitingSendsEveryChannelBackToItsOwnThread() throws Exception {
    callerReads(1);
    assertTrue(reader.get().hot());
    waiters.coolAll();
    assertFalse(reader.get().hot());
    awaitWaitingOnTheSocket(own);
    worker.send(new ToDriver.Acquire(2));
    assertSame(own, appliedBy(reply(2)));
  }

  @Test
  void onlyTheChannelsCallersReadLatestCountAsReadByCallers() throws Exception {
    List<Channel> more = new ArrayList<>();
    for (int i = 0; i < ChannelReader.MAX_HOT; i++) {
      more.add(new Channel());
    }
    callerReads(1);
    long firstRead = System.nanoTime();
    awaitState(own, Thread.State.TIMED_WAITING); // it only looks now and then
    long n = 2;
    for (Channel channel : more) {
      long id = n++;
      channel.worker.send(new ToDriver.Acquire(id));
      assertTrue(channel.reader.get().readUntil(reply(id), SPIN, 0));
    }
    boolean firstHot = reader.get().hot();
    assumeTrue(System.nanoTime() - firstRead < ChannelReader.HOT_NANOS,
        "too slow a machine: the first channel would have cooled by itself");
    assertFalse(firstHot, "four channels were read since the first");
    for (Channel channel : more) {
      assertTrue(channel.reader.get().hot());
    }
    // The first waits on its socket again, the latest only looks.
    awaitWaitingOnTheSocket(own);
    awaitState(more.get(more.size() - 1).own, Thread.State.TIMED_WAITING);
    worker.send(new ToDriver.Acquire(100));
    assertSame(own, appliedBy(reply(100)));
  }

  /** Waits until the thread waits in a selector: on the socket, not parked between looks. */
  private static void awaitWaitingOnTheSocket(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!waitsInASelector(thread)) {
      assertTrue(System.nanoTime() < deadline, "the own thread does not wait on its socket: "
          + Arrays.toString(thread.getStackTrace()));
      Thread.sleep(1);
    }
  }

  private static boolean waitsInASelector(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(frame -> frame.getClassName().endsWith("SelectorImpl")
            && frame.getMethodName().equals("doSelect"));
  }

  private void awaitState(Thread.State state) throws InterruptedException {
    awaitState(own, state);
  }

  private static void awaitState(Thread thread, Thread.State state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != state) {
      assertTrue(System.nanoTime() < deadline, "the own thread is " + thread.getState());
      Thread.sleep(1);
    }
  }
}
