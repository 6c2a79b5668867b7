package io.jray.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void taskSpecsRoundTrip() throws IOException {
    TaskSpec spec = new TaskSpec(42L, "a.BRemote#f(int,java.util.List)", "a.B.f", 3, true,
        new byte[][] {{1, 2, 3}, null}, new long[] {0L, 99L}, new long[] {7L});
    new Connection(client).send(FrameType.EXECUTE, spec::writeTo);
    Connection.Frame frame = new Connection(accepted).receive();
    assertEquals(FrameType.EXECUTE, frame.type());
    TaskSpec read = TaskSpec.readFrom(frame.in());
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
    IOException e = assertThrows(IOException.class, () -> new Connection(accepted).receive());
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void aFrameOverTheCallersLimitIsRefusedFromItsHeaderAlone() throws IOException {
    // 64 MiB announced, 3 bytes sent, the stream left open: a reader that tried to read (or
    // allocate) the frame would block here, not throw.
    client.write(ByteBuffer.wrap(new byte[] {0x04, 0, 0, 0, FrameType.HELLO, 1, 2}));
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(IOException.class, () -> new Connection(accepted).receive(256)));
    assertTrue(e.getMessage().contains("length 67108864, at most 256"), e.getMessage());
  }

  @Test
  void aFrameWithinTheCallersLimitArrives() throws IOException {
    new Connection(client).send(FrameType.HELLO, out -> out.write(new byte[255]));
    assertEquals(FrameType.HELLO, new Connection(accepted).receive(256).type());
  }

  @Test
  void aTruncatedFrameEndsInEofNotAHang() throws IOException {
    client.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 10, FrameType.SUBMIT, 1, 2}));
    client.close();
    assertThrows(EOFException.class, () -> new Connection(accepted).receive());
  }

  @Test
  void aGarbledTaskIsRefused() throws IOException {
    new Connection(client).send(FrameType.SUBMIT, out -> {
      out.writeLong(1);
      out.writeUTF("f");
      out.writeUTF("f");
      out.writeInt(0);
      out.writeBoolean(false);
      out.writeInt(1);
      out.writeByte(0);
      out.writeInt(1 << 30); // claims a gigabyte that is not there
      out.writeInt(0);
    });
    Connection.Frame frame = new Connection(accepted).receive();
    assertThrows(IOException.class, () -> TaskSpec.readFrom(frame.in()));
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
            sender.send(FrameType.ACQUIRE, out -> {
              out.writeInt(thread);
              out.writeInt(index);
              out.write(new byte[(index * 37) % 1500]);
            });
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
      Connection.Frame frame = receiver.receive();
      assertEquals(FrameType.ACQUIRE, frame.type());
      int thread = frame.in().readInt();
      int index = frame.in().readInt();
      assertEquals(next[thread]++, index);
      assertEquals((index * 37) % 1500, frame.in().available());
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
        sender.send(FrameType.SUBMIT, out -> out.writeLong(1));
        sender.send(FrameType.EXECUTE, out -> out.write(big));
        sender.send(FrameType.SUBMIT, out -> out.writeLong(2));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    Connection receiver = new Connection(accepted);
    assertEquals(1L, receiver.receive().in().readLong());
    Connection.Frame frame = receiver.receive();
    assertEquals(FrameType.EXECUTE, frame.type());
    assertArrayEquals(big, frame.in().readAllBytes());
    assertEquals(2L, receiver.receive().in().readLong());
    writer.join();
  }

  @Test
  void aPayloadThatFailsToWriteSendsNothing() throws IOException {
    Connection sender = new Connection(client);
    assertThrows(IOException.class, () -> sender.send(FrameType.SUBMIT, out -> {
      out.writeLong(7);
      throw new IOException("cannot encode");
    }));
    sender.send(FrameType.RELEASE, out -> out.writeLong(8));
    Connection.Frame frame = new Connection(accepted).receive();
    assertEquals(FrameType.RELEASE, frame.type());
    assertEquals(8L, frame.in().readLong());
  }

  @Test
  void framesSentForLaterWaitForTheNextSendAndKeepTheirOrder() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    sender.sendLater(FrameType.TASK_DONE, out -> out.writeLong(1));
    sender.sendLater(FrameType.TASK_DONE, out -> out.writeLong(2));
    accepted.configureBlocking(false);
    assertEquals(0, accepted.read(ByteBuffer.allocate(64)), "nothing written yet");
    accepted.configureBlocking(true);
    sender.send(FrameType.RELEASE, out -> out.writeLong(3));
    Connection receiver = new Connection(accepted);
    assertEquals(1L, receiver.receive().in().readLong());
    assertTrue(receiver.hasBufferedFrame(), "all three came in one write");
    assertEquals(2L, receiver.receive().in().readLong());
    Connection.Frame last = receiver.receive();
    assertEquals(FrameType.RELEASE, last.type());
    assertEquals(3L, last.in().readLong());
    assertFalse(receiver.hasBufferedFrame());
  }

  @Test
  void flushWritesFramesSentForLater() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    sender.sendLater(FrameType.TASK_DONE, out -> out.writeLong(5));
    sender.flush();
    assertEquals(5L, new Connection(accepted).receive().in().readLong());
  }

  @Test
  void aFrameSentForLaterIsWrittenOnItsOwnWhenNothingFollows() {
    Connection sender = new Connection(client, TimeUnit.MILLISECONDS.toNanos(1));
    Connection receiver = new Connection(accepted);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (long i = 0; i < 3; i++) { // the backstop sleeps between bursts and wakes again
        long value = i;
        sender.sendLater(FrameType.TASK_DONE, out -> out.writeLong(value));
        assertEquals(value, receiver.receive().in().readLong());
      }
    });
  }

  @Test
  void framesSentForLaterPastTheirShareOfTheBufferAreWrittenAtOnce() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    byte[] chunk = new byte[1000];
    for (int i = 0; i < 20; i++) {
      sender.sendLater(FrameType.CONTAINS, out -> out.write(chunk));
    }
    Connection receiver = new Connection(accepted);
    assertEquals(chunk.length, receiver.receive().in().available());
  }

  @Test
  void queuedFramesWaitForFlushAndGoInOneWriteInTheirOrder() throws Exception {
    Connection sender = new Connection(client, TimeUnit.MILLISECONDS.toNanos(1));
    sender.queue(FrameType.EXECUTE, out -> out.writeLong(1));
    sender.queue(FrameType.EXECUTE, out -> out.writeLong(2));
    // Nothing writes queued frames but a flush: not even the late-frame backstop, after its delay.
    Thread.sleep(20);
    accepted.configureBlocking(false);
    assertEquals(0, accepted.read(ByteBuffer.allocate(64)), "nothing written yet");
    accepted.configureBlocking(true);
    sender.flush();
    Connection receiver = new Connection(accepted);
    assertEquals(1L, receiver.receive().in().readLong());
    assertTrue(receiver.hasBufferedFrame(), "both came in one write");
    assertEquals(2L, receiver.receive().in().readLong());
  }

  @Test
  void aSendCarriesTheFramesQueuedBeforeIt() throws Exception {
    Connection sender = new Connection(client, TimeUnit.HOURS.toNanos(1));
    sender.queue(FrameType.EXECUTE, out -> out.writeLong(1));
    sender.send(FrameType.RECALL, out -> out.writeLong(2));
    Connection receiver = new Connection(accepted);
    Connection.Frame first = receiver.receive();
    assertEquals(FrameType.EXECUTE, first.type());
    assertEquals(1L, first.in().readLong());
    assertEquals(FrameType.RECALL, receiver.receive().type());
  }

  @Test
  void aFrameSentWrittenWaitsWhileAnotherThreadWritesIt() throws Exception {
    Connection sender = new Connection(client);
    // Far more than the socket buffer holds: its writer blocks until the peer reads.
    byte[] big = new byte[8 << 20];
    Thread bigWriter = new Thread(() -> {
      try {
        sender.send(FrameType.EXECUTE, out -> out.write(big));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    bigWriter.start();
    ByteBuffer header = ByteBuffer.allocate(5);
    while (header.hasRemaining()) {
      accepted.read(header); // returns once the big frame is being written
    }
    assertEquals(big.length + 1, header.getInt(0));
    Thread small = new Thread(() -> {
      try {
        sender.sendWritten(FrameType.CONTAINS, out -> out.writeLong(9));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    small.start();
    // A plain send would have returned, the frame still only in this process's memory.
    awaitState(small, Thread.State.WAITING);
    ByteBuffer rest = ByteBuffer.allocate(big.length);
    while (rest.hasRemaining()) {
      accepted.read(rest);
    }
    Connection.Frame frame = new Connection(accepted).receive();
    assertEquals(FrameType.CONTAINS, frame.type());
    assertEquals(9L, frame.in().readLong());
    small.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(small.isAlive(), "sendWritten did not return once its frame was written");
    bigWriter.join();
  }

  private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != state) {
      assertTrue(System.nanoTime() < deadline && thread.getState() != Thread.State.TERMINATED, thread.getName() + " is " + thread.getState()
          + ", not " + state);
      Thread.sleep(1);
    }
  }
}
