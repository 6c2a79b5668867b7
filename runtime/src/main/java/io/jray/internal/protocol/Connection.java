package io.jray.internal.protocol;

import io.jray.Tuning;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One end of the control channel between the driver and a worker: length-prefixed frames over a
 * Unix domain socket. Any thread may send; one thread at a time reads.
 *
 * <p>A frame is {@code int length, byte type, payload}; length counts type and payload. Frames are
 * read whole before they are parsed, so a malformed one cannot leave the stream half-read.
 *
 * <p>Reads take whatever the socket holds into one buffer and hand out the whole frames in it, so
 * a burst of frames costs one system call. Sends are written by the thread that sends, at once;
 * frames sent while another thread is writing are appended behind its frame, and that thread
 * writes them all in one go when its own write is done.
 *
 * <p>A frame sent with {@link #sendLater} waits for the next write instead, so that one thread's
 * burst of frames also goes in one system call: the next {@link #send} or {@link #flush} carries
 * it, and {@link LateFrames} writes it if nothing has within a millisecond or so (the session's
 * {@code Tuning.lateFrameDelay}).
 *
 * <p>Frames are the records of {@link ToDriver} and {@link ToWorker}; each end receives the kind
 * its peer sends.
 *
 * <p>The driver's end is {@link #pollable}: its socket does not block, and selectors wait where a
 * read or write would, so that a thread may look for a frame without waiting for one
 * ({@link #pollToDriver}) and then wait with a timeout, or be woken ({@link #wakeReader}). That lets
 * a caller waiting for its reply read the channel itself (see the driver's ChannelReader).
 */
public final class Connection implements AutoCloseable, Outbox {
  /** Far above any real frame (large values travel through the store), low enough to be safe. */
  static final int MAX_FRAME_BYTES = 64 << 20;
  private static final int READ_BUFFER_BYTES = 64 << 10;
  /** Senders wait while this much is waiting to be written: the peer is not reading. */
  private static final int MAX_PENDING_BYTES = 4 << 20;
  /** Frames sent for later are written at once when this much waits, so the peer gets going. */
  private static final int MAX_LATE_BYTES = 16 << 10;

  private final SocketChannel channel;

  /** Bytes read and not yet handed out lie between position and limit. */
  private final ByteBuffer input = ByteBuffer.allocateDirect(READ_BUFFER_BYTES).flip();

  /** Guards the fields below it. */
  private final Object writeLock = new Object();
  /** Frames waiting for the writing thread; it swaps this with {@link #spare} to write them. */
  private FrameBuffer pending = new FrameBuffer();
  private FrameBuffer spare = new FrameBuffer();
  private boolean writing;
  /** When the oldest frame sent for later and not yet being written was sent; 0 if none. */
  private long lateSince;
  /** {@link LateFrames} watches this connection. */
  private boolean lateWatched;
  private IOException writeFailure;
  /**
   * The thread writing to the socket now, and one whose interrupt waits until it has written:
   * an interrupt that reaches a thread inside a channel's write closes the channel, so a
   * cancelled task's thread is interrupted through {@link #interrupt} only outside its writes.
   */
  private Thread ioThread;
  private boolean interruptAfterWrite;

  /** Frames appended so far, and how many of them the kernel has taken (see sendWritten). */
  private long appended;
  private long written;
  /** Threads in {@link #sendWritten} waiting for another thread's write. */
  private int awaitingWrite;

  /** How long a frame sent for later may wait before {@link LateFrames} writes it. */
  private final long lateDelayNanos;

  /** For a pollable connection, where reads wait; null for a blocking one. */
  private Selector readable;
  /** Where a pollable connection's writer waits, made the first time the peer's buffer fills. */
  private volatile Selector writable;

  /** A connection whose frames sent for later wait at most Tuning's default delay. */
  public Connection(SocketChannel channel) {
    this(channel, Tuning.DEFAULT_LATE_FRAME_DELAY.toNanos());
  }

  /** A connection whose frames sent for later wait at most lateDelayNanos (Tuning's). */
  public Connection(SocketChannel channel, long lateDelayNanos) {
    this.channel = channel;
    this.lateDelayNanos = lateDelayNanos;
  }

  /**
   * A connection whose socket does not block: reads and writes wait on selectors instead, so
   * that {@link #pollToDriver} and {@link #awaitReadable} work. Its reads and writes are immune
   * to an interrupt of the thread that makes them (a blocking channel would close).
   */
  public static Connection pollable(SocketChannel channel, long lateDelayNanos)
      throws IOException {
    Connection connection = new Connection(channel, lateDelayNanos);
    channel.configureBlocking(false);
    connection.readable = Selector.open();
    channel.register(connection.readable, SelectionKey.OP_READ);
    return connection;
  }

  /**
   * Sends one frame: written before this returns, or, if another thread is writing, queued
   * behind its frames for that thread to write. Throws if the channel failed earlier.
   */
  public void send(Frame frame) throws IOException {
    synchronized (writeLock) {
      append(frame);
      if (writing) {
        return;
      }
      writing = true;
    }
    writePending();
  }

  /**
   * Like {@link #send}, but returns only once the kernel holds the frame, and every frame before
   * it, even when another thread writes them: the peer reads them even if this process dies the
   * next instant. For a frame that must reach the peer before what the sender does next shows
   * elsewhere (in the store, say).
   */
  public void sendWritten(Frame frame) throws IOException {
    synchronized (writeLock) {
      append(frame);
      if (writing) {
        awaitWritten(appended);
        return;
      }
      writing = true;
    }
    writePending();
  }

  /** Under the write lock: waits until the writing thread has written frames up to this one. */
  private void awaitWritten(long frame) throws IOException {
    awaitingWrite++;
    try {
      while (written < frame) {
        if (writeFailure != null) {
          throw new IOException("the control channel failed: " + writeFailure, writeFailure);
        }
        writeLock.wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while another thread wrote this frame", e);
    } finally {
      awaitingWrite--;
    }
  }

  /**
   * Appends a frame for the caller's next {@link #flush}, which it makes soon: frames go in the
   * order they are queued, so a sender can queue under its own lock and write once it has left
   * it (a thread that writes while holding a lock that the reply's reader needs makes the reader
   * wait if it loses its CPU). Unlike {@link #sendLater}, nothing else writes them in time.
   * Throws if the channel failed earlier.
   */
  @Override
  public void queue(ToWorker frame) throws IOException {
    queue((Frame) frame);
  }

  public void queue(Frame frame) throws IOException {
    synchronized (writeLock) {
      append(frame, false);
      if (!writing && lateSince == 0) {
        lateSince = System.nanoTime(); // what flush looks at
      }
    }
  }

  /**
   * Sends one frame with the next write rather than now: for a sender with more to send soon.
   * Frames keep their order with all others; once much waits, this writes. Throws if the channel
   * failed earlier.
   */
  public void sendLater(Frame frame) throws IOException {
    if (holdBack(frame, true) == Later.WRITE_NOW) {
      flush();
    }
  }

  /**
   * Like {@link #sendLater}, but never writes and never waits for room: where it would write, it
   * says so, and the caller writes ({@link #flush}) once it has left its lock.
   */
  @Override
  public Later queueLater(ToWorker frame) throws IOException {
    return holdBack(frame, false);
  }

  /** Appends a frame to go with the next write, or a late-frame delay from now at the latest. */
  private Later holdBack(Frame frame, boolean mayWait) throws IOException {
    synchronized (writeLock) {
      append(frame, mayWait);
      if (writing) {
        return Later.NOTHING; // the writing thread takes it along
      }
      boolean first = lateSince == 0;
      if (first) {
        lateSince = System.nanoTime();
      }
      if (pending.size() >= MAX_LATE_BYTES) {
        return Later.WRITE_NOW;
      }
      if (!lateWatched) {
        lateWatched = true;
        LateFrames.watch(this, lateSince + lateDelayNanos);
      }
      return first ? Later.FIRST_HELD : Later.NOTHING;
    }
  }

  /**
   * Writes the frames sent for later or queued now, unless another thread is writing (it takes
   * them).
   */
  public void flush() throws IOException {
    synchronized (writeLock) {
      if (lateSince == 0 || writing) {
        return;
      }
      writing = true;
    }
    writePending();
  }

  /**
   * For {@link LateFrames}: writes the frames sent for later if they have waited long enough.
   * Returns when to look again (System.nanoTime), or 0 if none wait any more.
   */
  long flushIfLate(long now) throws IOException {
    synchronized (writeLock) {
      if (lateSince == 0) {
        lateWatched = false;
        return 0;
      }
      if (writing || now - lateSince < lateDelayNanos) {
        return writing ? now + lateDelayNanos : lateSince + lateDelayNanos;
      }
      writing = true;
    }
    writePending();
    return now + lateDelayNanos;
  }

  private void append(Frame frame) throws IOException {
    append(frame, true);
  }

  /**
   * Appends under the write lock, once there is room if {@code mayWait}; throws if the channel
   * failed. A frame queued under a caller's lock never waits: the peer may be waiting for that
   * lock itself to read what it would make room with.
   */
  private void append(Frame frame, boolean mayWait) throws IOException {
    while (mayWait && writing && pending.size() >= MAX_PENDING_BYTES && writeFailure == null) {
      try {
        writeLock.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the control channel was full", e);
      }
    }
    if (writeFailure != null) {
      throw new IOException("the control channel failed: " + writeFailure, writeFailure);
    }
    pending.append(frame);
    appended++;
  }

  /**
   * Interrupts {@code thread}, at once or, if it is writing to the socket now, once its write is
   * done: the channel outlives the interrupt (a gentle cancel's) of a thread that sends.
   */
  public void interrupt(Thread thread) {
    synchronized (writeLock) {
      if (ioThread == thread) {
        interruptAfterWrite = true;
      } else {
        thread.interrupt();
      }
    }
  }

  /** Writes until nothing is pending; only the thread that set {@link #writing} calls this. */
  private void writePending() throws IOException {
    long through = 0; // the frames written by this call so far
    Thread me = Thread.currentThread();
    synchronized (writeLock) {
      // An interrupted thread's write would close the channel: its flag waits until it is done.
      ioThread = me;
      interruptAfterWrite |= Thread.interrupted();
    }
    while (true) {
      FrameBuffer batch;
      synchronized (writeLock) {
        if (through > written) {
          written = through;
          if (awaitingWrite > 0) {
            writeLock.notifyAll();
          }
        }
        if (pending.size() == 0) {
          writing = false;
          writeDone(me);
          return;
        }
        batch = pending;
        pending = spare;
        spare = batch;
        through = appended;
        lateSince = 0;
        writeLock.notifyAll();
      }
      try {
        ByteBuffer bytes = batch.bytes();
        while (bytes.hasRemaining()) {
          if (channel.write(bytes) == 0) {
            awaitWritable(); // pollable, and the peer's buffer is full
          }
        }
      } catch (IOException | RuntimeException e) {
        synchronized (writeLock) {
          writeFailure = e instanceof IOException io ? io : new IOException(e);
          writing = false;
          writeDone(me);
          writeLock.notifyAll();
        }
        throw e;
      }
      batch.reset();
    }
  }

  /** Under the write lock: the writer leaves the socket, and gets the interrupt it was sent. */
  private void writeDone(Thread me) {
    ioThread = null;
    if (interruptAfterWrite) {
      interruptAfterWrite = false;
      me.interrupt();
    }
  }

  /**
   * Blocks for the next frame from a worker; throws {@link EOFException} when the peer has
   * closed, and an IOException if the frame is malformed.
   */
  public ToDriver receiveToDriver() throws IOException {
    return receiveToDriver(MAX_FRAME_BYTES);
  }

  /**
   * Like {@link #receiveToDriver()}, for a frame no longer than maxBytes: a longer announced
   * length throws at once, before any of it is read or allocated (for a peer not yet trusted).
   */
  public ToDriver receiveToDriver(int maxBytes) throws IOException {
    byte[] frame = receive(maxBytes);
    return ToDriver.read(frame[0], payload(frame));
  }

  /**
   * Blocks for the next frame from the driver; throws {@link EOFException} when the peer has
   * closed, and an IOException if the frame is malformed.
   */
  public ToWorker receiveToWorker() throws IOException {
    byte[] frame = receive(MAX_FRAME_BYTES);
    return ToWorker.read(frame[0], payload(frame));
  }

  private static DataInputStream payload(byte[] frame) {
    return new DataInputStream(new ByteArrayInputStream(frame, 1, frame.length - 1));
  }

  /** Blocks for the next frame, at most maxBytes long: its type byte, then its payload. */
  private byte[] receive(int maxBytes) throws IOException {
    fill(4);
    int length = input.getInt(input.position());
    if (length < 1 || length > Math.min(maxBytes, MAX_FRAME_BYTES)) {
      throw new IOException("malformed frame: length " + length + ", at most "
          + Math.min(maxBytes, MAX_FRAME_BYTES) + " allowed here");
    }
    byte[] body = new byte[length];
    if (length <= input.capacity() - 4) {
      fill(4 + length);
      input.position(input.position() + 4);
      input.get(body);
    } else {
      // Larger than the buffer: what it holds, then the rest straight from the socket.
      fill(5);
      input.position(input.position() + 4);
      int buffered = Math.min(input.remaining(), body.length);
      input.get(body, 0, buffered);
      ByteBuffer rest = ByteBuffer.wrap(body, buffered, body.length - buffered);
      while (rest.hasRemaining()) {
        int read = channel.read(rest);
        if (read < 0) {
          throw new EOFException("control channel closed");
        } else if (read == 0) {
          await(readable, 0);
        }
      }
    }
    return body;
  }

  /**
   * Whether a whole frame has been read already, so that the next receive returns without
   * waiting for the peer. Only the reading thread calls this.
   */
  public boolean hasBufferedFrame() {
    if (input.remaining() < 4) {
      return false;
    }
    return input.remaining() - 4 >= input.getInt(input.position());
  }

  /** Reads until at least {@code bytes} are buffered (no more than the buffer holds). */
  private void fill(int bytes) throws IOException {
    if (input.remaining() >= bytes) {
      return;
    }
    input.compact();
    try {
      while (input.position() < bytes) {
        int read = channel.read(input);
        if (read < 0) {
          throw new EOFException("control channel closed");
        } else if (read == 0) {
          await(readable, 0);
        }
      }
    } finally {
      input.flip();
    }
  }

  /**
   * For a pollable connection: the next frame if the socket holds it whole, reading at most once
   * and never waiting; else null. A frame longer than the read buffer is read whole, waiting for
   * its rest. Only the reading thread calls this; throws {@link EOFException} once the peer has
   * closed and every whole frame before that was handed out.
   */
  public ToDriver pollToDriver() throws IOException {
    if (!hasBufferedFrame()) {
      if (!headerTooLong()) {
        input.compact();
        int read;
        try {
          read = channel.read(input);
        } finally {
          input.flip();
        }
        if (read < 0) {
          throw new EOFException("control channel closed");
        }
      }
      if (!hasBufferedFrame() && !headerTooLong()) {
        return null;
      }
    }
    return receiveToDriver();
  }

  /** Whether the buffered bytes start a frame longer than the buffer can hold. */
  private boolean headerTooLong() {
    return input.remaining() >= 4 && input.getInt(input.position()) > input.capacity() - 4;
  }

  /**
   * For a pollable connection: waits until the socket has something to read, {@link
   * #wakeReader} is called (or was, since the last wait), the thread is interrupted, or {@code
   * timeoutNanos} pass (0: no limit).
   */
  public void awaitReadable(long timeoutNanos) throws IOException {
    await(readable, timeoutNanos);
  }

  /** Ends a wait in {@link #awaitReadable} now, or the next one at once. */
  public void wakeReader() {
    readable.wakeup();
  }

  /** Only the writing thread calls this. */
  private void awaitWritable() throws IOException {
    Selector selector = writable;
    if (selector == null) {
      selector = Selector.open();
      writable = selector;
      try {
        channel.register(selector, SelectionKey.OP_WRITE);
      } catch (ClosedChannelException e) {
        selector.close();
        throw new EOFException("control channel closed");
      }
      if (!channel.isOpen()) {
        selector.close(); // close() ran meanwhile and may not have seen it
        throw new EOFException("control channel closed");
      }
    }
    await(selector, 0);
  }

  private static void await(Selector selector, long timeoutNanos) throws IOException {
    if (selector == null) {
      throw new IllegalStateException("a blocking channel read or wrote nothing");
    }
    try {
      // With an action, the selector keeps no set of selected keys to add to and clear.
      if (timeoutNanos <= 0) {
        selector.select(key -> { });
      } else {
        selector.select(key -> { }, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
      }
    } catch (ClosedSelectorException e) {
      throw new EOFException("control channel closed");
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is best effort: the peer may be gone already.
    }
    // Closing a channel that does not block leaves a thread waiting on its selector: closing
    // the selector ends that wait (it then throws, as a read of a closed channel does).
    for (Selector selector : new Selector[] {readable, writable}) {
      if (selector != null) {
        try {
          selector.close();
        } catch (IOException ignored) {
          // As above.
        }
      }
    }
  }

  /** Frames laid end to end in a growing array, reused from one write to the next. */
  private static final class FrameBuffer extends OutputStream {
    private byte[] bytes = new byte[4096];
    private int size;
    private final DataOutputStream out = new DataOutputStream(this);

    int size() {
      return size;
    }

    /** Appends a frame; one whose payload fails to write, or is too long, leaves no trace. */
    void append(Frame frame) throws IOException {
      int start = size;
      try {
        out.writeInt(0);
        out.writeByte(frame.type());
        frame.writeTo(out);
        out.flush();
        int length = size - start - 4;
        if (length > MAX_FRAME_BYTES) {
          throw new IOException("frame of " + length + " bytes is over the limit of "
              + MAX_FRAME_BYTES);
        }
        bytes[start] = (byte) (length >>> 24);
        bytes[start + 1] = (byte) (length >>> 16);
        bytes[start + 2] = (byte) (length >>> 8);
        bytes[start + 3] = (byte) length;
      } catch (IOException | RuntimeException e) {
        size = start;
        throw e;
      }
    }

    ByteBuffer bytes() {
      return ByteBuffer.wrap(bytes, 0, size);
    }

    void reset() {
      size = 0;
      if (bytes.length > READ_BUFFER_BYTES * 4) {
        bytes = new byte[4096]; // a burst is over: give its memory back
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
