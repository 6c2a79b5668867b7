package io.jray.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Tuning;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
  @TempDir Path dir;
  private ServerSocketChannel server;
  private SocketChannel client;
  private SocketChannel accepted;

  @BeforeEach
  void connect() throws IOException {
    Path socket = dir.resolve("s.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    client = SocketChannel.open(StandardProtocolFamily.UNIX);
    client.connect(UnixDomainSocketAddress.of(socket));
    accepted = server.accept();
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    accepted.close();
    server.close();
  }

  @Test
  void retryNamesAndTheAttemptNumberTravelWithTheSpec() throws IOException {
    TaskSpec spec = new TaskSpec(42L, "f", "f", 3, true, new byte[0][], new long[0],
        new long[0]).withRetryOn(new String[] {"java.io.IOException", "a.B$Oops"})
        .withAttempt(2);
    new Connection(client).send(new ToWorker.Execute(spec));
    TaskSpec read = assertInstanceOf(ToWorker.Execute.class,
        new Connection(accepted).receiveToWorker()).spec();
    assertArrayEquals(spec.retryOn(), read.retryOn());
    assertEquals(2, read.attempt());
  }

  @Test
  void anInterruptedThreadSendsWithoutClosingTheChannelAndKeepsItsInterrupt() throws Exception {
    Connection sender = new Connection(client);
    Thread.currentThread().interrupt();
    try {
      sender.send(new ToDriver.Acquire(5));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was lost");
    } finally {
      Thread.interrupted();
    }
    sender.send(new ToDriver.Acquire(6));
    Connection receiver = new Connection(accepted);
    assertEquals(new ToDriver.Acquire(5), receiver.receiveToDriver());
    assertEquals(new ToDriver.Acquire(6), receiver.receiveToDriver());
  }

  @Test
  void taskSpecsRoundTrip() throws IOException {
    TaskSpec spec = new TaskSpec(42L, "a.BRemote#f(int,java.util.List)", "a.B.f", 3, true,
        new byte[][] {{1, 2, 3}, null}, new long[] {0L, 99L}, new long[] {7L});
    new Connection(client).send(new ToWorker.Execute(spec));
    ToWorker frame = new Connection(accepted).receiveToWorker();
    TaskSpec read = assertInstanceOf(ToWorker.Execute.class, frame).spec();
    assertEquals(42L, read.taskId());
    assertEquals(spec.functionId(), read.functionId());
    assertEquals("a.B.f", read.displayName());
    assertEquals(3, read.maxRetries());
    assertTrue(read.retryExceptions());
    assertArrayEquals(new byte[] {1, 2, 3}, read.argValues()[0]);
    assertNull(read.argValues()[1]);
    assertEquals(99L, read.argRefs()[1]);
    assertArrayEquals(new long[] {7L}, read.nestedRefs());
    assertArrayEquals(new long[] {7L, 99L}, read.heldRefs());
  }

  @Test
  void aFrameWithAnAbsurdLengthIsRefused() throws IOException {
    client.write(ByteBuffer.wrap(new byte[] {(byte) 0x7f, 0, 0, 0, 1}));
    IOException e =
        assertThrows(IOException.class, () -> new Connection(accepted).receiveToDriver());
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void aFrameOverTheCallersLimitIsRefusedFromItsHeaderAlone() throws IOException {
    // 64 MiB announced, 3 bytes sent, the stream left open: a reader that tried to read (or
    // allocate) the frame would block here, not throw.
    client.write(ByteBuffer.wrap(new byte[] {0x04, 0, 0, 0, FrameType.HELLO, 1, 2}));
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(IOException.class, () -> new Connection(accepted).receiveToDriver(256)));
    assertTrue(e.getMessage().contains("length 67108864, at most 256"), e.getMessage());
  }

  @Test
  void aFrameWithinTheCallersLimitArrives() throws IOException {
    // 255 bytes after the length: the type, the secret's length, the secret, pid and tag.
    new Connection(client).send(new ToDriver.Hello(new byte[255 - 1 - 2 - 8 - 4], 1L, 2));
    assertEquals(FrameType.HELLO, new Connection(accepted).receiveToDriver(256).type());
  }

  @Test
  void aTruncatedFrameEndsInEofNotAHang() throws IOException {
    client.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 10, FrameType.SUBMIT, 1, 2}));
    client.close();
    assertThrows(EOFException.class, () -> new Connection(accepted).receiveToDriver());
  }

  @Test
  void aGarbledTaskIsRefusedNamingItsFrame() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0); // the length, filled in below
    out.writeByte(FrameType.SUBMIT);
    out.writeLong(1);
    out.writeUTF("f");
    out.writeUTF("f");
    out.writeInt(0);
    out.writeBoolean(false);
    out.writeInt(1);
    out.writeByte(0);
    out.writeInt(1 << 30); // claims a gigabyte that is not there
    out.writeInt(0);
    ByteBuffer frame = ByteBuffer.wrap(bytes.toByteArray());
    frame.putInt(0, frame.capacity() - 4);
    client.write(frame);
    IOException e =
        assertThrows(IOException.class, () -> new Connection(accepted).receiveToDriver());
    assertTrue(e.getMessage().contains("SUBMIT"), e.getMessage());
  }

  @Test
  void framesFromManyThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
    Connection sender = new Connection(client);
    int threads = 4;
    int frames = 2000;
    Thread[] senders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      senders[t] = new Thread(() -> {
        for (int i = 0; i < frames; i++) {
          int index = i;
          try {
            // Sizes vary so frames straddle the reader's buffer boundaries.
            sender.send(new ToDriver.Returned(
                new long[] {thread, index}, new long[(index * 37) % 190]));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
      senders[t].start();
    }
    Connection receiver = new Connection(accepted);
    int[] next = new int[threads];
    for (int received = 0; received < threads * frames; received++) {
      ToDriver.Returned frame =
          assertInstanceOf(ToDriver.Returned.class, receiver.receiveToDriver());
      int thread = (int) frame.given()[0];
      int index = (int) frame.given()[1];
      assertEquals(next[thread]++, index);
      assertEquals((index * 37) % 190, frame.kept().length);
    }
    for (Thread thread : senders) {
      thread.join();
    }
  }

  @Test
  void aFrameLargerThanTheReadBufferArrivesWhole() throws Exception {
    byte[] big = new byte[300_000];
    new Random(1).nextBytes(big);
    Connection sender = new Connection(client);
    Thread writer = new Thread(() -> {
      try {
        sender.send(new ToWorker.ObjectReady(1));
        sender.send(new ToWorker.Execute(new TaskSpec(3, "f", "f", 0, false,
            new byte[][] {big}, new long[1], new long[0])));
        sender.send(new ToWorker.ObjectReady(2));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    Connection receiver = new Connection(accepted);
    assertEquals(new ToWorker.ObjectReady(1), receiver.receiveToWorker());
    ToWorker frame = receiver.receiveToWorker();
    assertArrayEquals(big,
        assertInstanceOf(ToWorker.Execute.class, frame).spec().argValues()[0]);
    assertEquals(new ToWorker.ObjectReady(2), receiver.receiveToWorker());
    writer.join();
  }

  @Test
  void aPayloadThatFailsToWriteSendsNothing() throws IOException {
    Connection sender = new Connection(client);
    // writeUTF refuses a string this long, after the task's id has gone into the buffer.
    String tooLong = "x".repeat(70_000);
    assertThrows(IOException.class,
        () -> sender.send(new ToDriver.TaskDone(7, tooLong, new long[0], true)));
    sender.send(new ToDriver.Release(8));
    assertEquals(new ToDriver.Release(8), new Connection(accepted).receiveToDriver());
  }

  @Test
  void framesSentForLaterWaitForTheNextSendAndKeepTheirOrder() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    sender.sendLater(done(1));
    sender.sendLater(done(2));
    accepted.configureBlocking(false);
    assertEquals(0, accepted.read(ByteBuffer.allocate(64)), "nothing written yet");
    accepted.configureBlocking(true);
    sender.send(new ToDriver.Release(3));
    Connection receiver = new Connection(accepted);
    assertEquals(1L, doneId(receiver.receiveToDriver()));
    assertTrue(receiver.hasBufferedFrame(), "all three came in one write");
    assertEquals(2L, doneId(receiver.receiveToDriver()));
    assertEquals(new ToDriver.Release(3), receiver.receiveToDriver());
    assertFalse(receiver.hasBufferedFrame());
  }

  @Test
  void flushWritesFramesSentForLater() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    sender.sendLater(done(5));
    sender.flush();
    assertEquals(5L, doneId(new Connection(accepted).receiveToDriver()));
  }

  @Test
  void aFrameSentForLaterIsWrittenOnItsOwnWhenNothingFollows() {
    Connection sender = new Connection(client, TimeUnit.MILLISECONDS.toNanos(1));
    Connection receiver = new Connection(accepted);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (long i = 0; i < 3; i++) { // the backstop sleeps between bursts and wakes again
        long value = i;
        sender.sendLater(done(value));
        assertEquals(value, doneId(receiver.receiveToDriver()));
      }
    });
  }

  @Test
  void framesSentForLaterPastTheirShareOfTheBufferAreWrittenAtOnce() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    long[] chunk = new long[125]; // 1000 bytes
    for (int i = 0; i < 20; i++) {
      sender.sendLater(new ToDriver.Contains(i, chunk));
    }
    Connection receiver = new Connection(accepted);
    ToDriver.Contains first =
        assertInstanceOf(ToDriver.Contains.class, receiver.receiveToDriver());
    assertEquals(chunk.length, first.ids().length);
  }

  @Test
  void queuedFramesWaitForFlushAndGoInOneWriteInTheirOrder() throws Exception {
    Connection sender = new Connection(client, TimeUnit.MILLISECONDS.toNanos(1));
    sender.queue(new ToWorker.ObjectReady(1));
    sender.queue(new ToWorker.ObjectReady(2));
    // Nothing writes queued frames but a flush: not even the late-frame backstop, after its delay.
    Thread.sleep(20);
    accepted.configureBlocking(false);
    assertEquals(0, accepted.read(ByteBuffer.allocate(64)), "nothing written yet");
    accepted.configureBlocking(true);
    sender.flush();
    Connection receiver = new Connection(accepted);
    assertEquals(new ToWorker.ObjectReady(1), receiver.receiveToWorker());
    assertTrue(receiver.hasBufferedFrame(), "both came in one write");
    assertEquals(new ToWorker.ObjectReady(2), receiver.receiveToWorker());
  }

  @Test
  void aSendCarriesTheFramesQueuedBeforeIt() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    sender.queue(new ToWorker.ObjectReady(1));
    sender.send(ToWorker.Shutdown.INSTANCE);
    Connection receiver = new Connection(accepted);
    assertEquals(new ToWorker.ObjectReady(1), receiver.receiveToWorker());
    assertEquals(ToWorker.Shutdown.INSTANCE, receiver.receiveToWorker());
  }

  private static ToDriver.TaskDone done(long taskId) {
    return new ToDriver.TaskDone(taskId, null, new long[0], true);
  }

  private static long doneId(ToDriver frame) {
    return assertInstanceOf(ToDriver.TaskDone.class, frame).taskId();
  }

  @Test
  void aFrameSentWrittenWaitsWhileAnotherThreadWritesIt() throws Exception {
    Connection sender = new Connection(client);
    // Far more than the socket buffer holds: its writer blocks until the peer reads.
    byte[] big = new byte[8 << 20];
    Thread bigWriter = new Thread(() -> {
      try {
        sender.send(new ToWorker.Execute(new TaskSpec(1L, "f", "f", 0, false,
            new byte[][] {big}, new long[] {0L}, new long[0])));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    bigWriter.start();
    ByteBuffer header = ByteBuffer.allocate(5);
    while (header.hasRemaining()) {
      accepted.read(header); // returns once the big frame is being written
    }
    int length = header.getInt(0);
    assertTrue(length > big.length, "a frame of " + length + " bytes");
    Thread small = new Thread(() -> {
      try {
        sender.sendWritten(new ToDriver.Contains(9L, new long[] {1L}));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    small.start();
    // A plain send would have returned, the frame still only in this process's memory.
    awaitState(small, Thread.State.WAITING);
    ByteBuffer rest = ByteBuffer.allocate(length - 1); // the type byte was in the header
    while (rest.hasRemaining()) {
      accepted.read(rest);
    }
    ToDriver frame = new Connection(accepted).receiveToDriver();
    assertEquals(9L, assertInstanceOf(ToDriver.Contains.class, frame).container());
    small.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(small.isAlive(), "sendWritten did not return once its frame was written");
    bigWriter.join();
  }

  @Test
  void aPollableConnectionHandsOutOnlyWholeFramesAndNeverWaits() throws Exception {
    Connection reader = Connection.pollable(accepted, Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
    assertNull(reader.pollToDriver(), "nothing was sent");
    byte[] frame = frameBytes(new ToDriver.Acquire(7));
    client.write(ByteBuffer.wrap(frame, 0, 6)); // the length, the type and one byte of the id
    assertNull(reader.pollToDriver(), "half a frame came");
    client.write(ByteBuffer.wrap(frame, 6, frame.length - 6));
    assertEquals(new ToDriver.Acquire(7), pollWithin(reader));
    assertNull(reader.pollToDriver());
  }

  @Test
  void aPollableConnectionReadsAFrameLongerThanItsBufferWhole() throws Exception {
    Connection reader = Connection.pollable(accepted, Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
    long[] ids = new long[40_000]; // 320 KB, five times the read buffer
    Arrays.setAll(ids, i -> i * 3L);
    Connection sender = new Connection(client);
    Thread writer = new Thread(() -> {
      try {
        sender.send(new ToDriver.Contains(4L, ids));
        sender.send(new ToDriver.Acquire(8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    ToDriver.Contains big = assertInstanceOf(ToDriver.Contains.class, pollWithin(reader));
    assertArrayEquals(ids, big.ids());
    assertEquals(new ToDriver.Acquire(8), pollWithin(reader));
    writer.join();
  }

  @Test
  void aPollableConnectionWritesMoreThanTheSocketHoldsInOrder() throws Exception {
    Connection sender = Connection.pollable(client, Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
    int frames = 200_000; // about 3 MB: far more than the socket's buffer
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < frames; i++) {
          sender.send(new ToDriver.Acquire(i));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    Connection receiver = new Connection(accepted);
    for (int i = 0; i < frames; i++) {
      assertEquals(new ToDriver.Acquire(i), receiver.receiveToDriver());
    }
    writer.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(writer.isAlive());
  }

  @Test
  void aWaitForAFrameEndsWhenWokenAndWhenTheConnectionCloses() throws Exception {
    Connection reader = Connection.pollable(accepted, Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
    reader.wakeReader(); // before the wait: the next wait returns at once
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> reader.awaitReadable(0));
    Thread closer = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reader.close();
    });
    closer.start();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertThrows(IOException.class, () -> {
        while (true) {
          reader.awaitReadable(0); // a closed channel's selector ends the wait with EOF
          reader.pollToDriver();
        }
      });
    });
    closer.join();
  }

  @Test
  void anInterruptedThreadPollsWithoutClosingThePollableChannel() throws Exception {
    Connection reader = Connection.pollable(accepted, Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
    Thread.currentThread().interrupt();
    try {
      assertNull(reader.pollToDriver());
      reader.awaitReadable(TimeUnit.MILLISECONDS.toNanos(1));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was lost");
    } finally {
      Thread.interrupted();
    }
    new Connection(client).send(new ToDriver.Acquire(3));
    assertEquals(new ToDriver.Acquire(3), pollWithin(reader));
  }

  /** Polls until a frame comes, waiting on the socket between looks. */
  private static ToDriver pollWithin(Connection reader) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    ToDriver frame;
    while ((frame = reader.pollToDriver()) == null) {
      assertTrue(System.nanoTime() < deadline, "no frame came");
      reader.awaitReadable(TimeUnit.MILLISECONDS.toNanos(100));
    }
    return frame;
  }

  /** A frame as it goes on the wire. */
  private static byte[] frameBytes(ToDriver frame) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    frame.writeTo(new DataOutputStream(payload));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(payload.size() + 1);
    out.writeByte(frame.type());
    payload.writeTo(out);
    return bytes.toByteArray();
  }

  private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != state) {
      assertTrue(System.nanoTime() < deadline && thread.getState() != Thread.State.TERMINATED,
          thread.getName() + " is " + thread.getState() + ", not " + state);
      Thread.sleep(1);
    }
  }
}
