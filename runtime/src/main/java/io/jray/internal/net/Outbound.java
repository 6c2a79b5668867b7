package io.jray.internal.net;

import io.jray.internal.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's sending side: one writer thread that owns the socket's writes, a bounded queue
 * of frames, and the blobs being sent to the peer.
 *
 * <p>Why a dedicated writer with blocking writes, and credits only for blobs: a sender never
 * writes to the socket itself, so a peer that stops reading stalls only this thread. Frames wait
 * in a queue of at most {@code maxQueuedBytes}; a full queue makes senders wait (up to their
 * deadline), never grow it. Blob bytes are never queued: the writer reads one chunk at a time
 * from the blob into its own buffer, and only while the fetcher has granted credit, so however
 * many blobs are in flight, this side holds at most the queue's bound and one chunk. Each round
 * writes every queued frame and then one chunk, so a small message waits behind at most one
 * chunk, however large the transfers. Frames the reader sends (credits, replies about blobs)
 * skip the bound: the reader must never wait for the writer, or two peers that both send a lot
 * could each wait for the other to read.
 */
final class Outbound {
  private final SocketChannel channel;
  private final String peer;
  private final int maxQueuedBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
  private long queuedBytes;
  private final Map<Long, Stream> streams = new LinkedHashMap<>();
  private Stream sending;
  private boolean closed;
  /** A thread (the writer, or a sender) is writing to the socket. */
  private boolean writing;
  private volatile long writeStarted;
  private final java.util.function.Consumer<IOException> failed;
  private final ByteBuffer frameBuffer = ByteBuffer.allocateDirect(64 << 10);
  private final ByteBuffer chunkBuffer =
      ByteBuffer.allocateDirect(Frames.CHUNK_HEADER + Frames.CHUNK_BYTES);
  private final ByteBuffer[] both = {frameBuffer, chunkBuffer};
  /** Blob bytes in the chunk buffer (the writer thread's own). */
  private int chunkPayload;
  /** Bytes this side holds to send: queued frames and what the writer holds. */
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong peakBuffered = new AtomicLong();

  /** failed: told when a sender's own write fails (the writer's failures end its run). */
  Outbound(SocketChannel channel, String peer, int maxQueuedBytes,
      java.util.function.Consumer<IOException> failed) {
    this.failed = failed;
    this.channel = channel;
    this.peer = peer;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /**
   * Sends a frame: written by this thread at once when nothing else waits to be written (a
   * request's round trip then takes no hand-over to the writer), else queued, waiting for room
   * until {@code deadlineNanos} (System.nanoTime) if the queue holds its bound: the peer reads
   * slower than this side sends. A write that the peer leaves blocked for the side's send
   * timeout closes the connection ({@link Peer}'s stall check), so this never waits forever.
   */
  void send(byte[] frame, long deadlineNanos) throws IOException {
    lock.lock();
    try {
      while (!closed && queuedBytes > 0 && queuedBytes + frame.length > maxQueuedBytes) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw new IOException(peer + " is not reading: " + queuedBytes + " bytes wait to be"
              + " written to it");
        }
        room.awaitNanos(left);
      }
      // An interrupted thread must not touch the channel: NIO closes a channel under a thread
      // that is interrupted in (or entering) a write, which would end the connection for all.
      if (closed || writing || !frames.isEmpty() || anyCredit()
          || Thread.currentThread().isInterrupted()) {
        queue(frame);
        return;
      }
      startWriting(frame.length);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to send to " + peer, e);
    } finally {
      lock.unlock();
    }
    try {
      writeFully(ByteBuffer.wrap(frame));
    } catch (IOException e) {
      failed.accept(e);
      throw e;
    } finally {
      doneWriting(frame.length);
    }
  }

  /** Under the lock: this thread writes now; others queue behind it. */
  private void startWriting(long bytes) {
    writing = true;
    writeStarted = System.nanoTime();
    count(bytes);
  }

  private void doneWriting(long bytes) {
    count(-bytes);
    lock.lock();
    try {
      writing = false;
      writeStarted = 0;
      work.signal(); // what was queued meanwhile is the writer's
    } finally {
      lock.unlock();
    }
  }

  /** How long the write under way has been waiting for the peer to take bytes; 0 if none. */
  long writeStalledNanos() {
    long started = writeStarted;
    return started == 0 ? 0 : System.nanoTime() - started;
  }

  /** Queues a frame whatever the queue holds: for the reader's small answers. */
  void sendNow(byte[] frame) throws IOException {
    lock.lock();
    try {
      queue(frame);
    } finally {
      lock.unlock();
    }
  }

  private void queue(byte[] frame) throws IOException {
    if (closed) {
      throw new IOException("the connection to " + peer + " is closed");
    }
    frames.add(frame);
    queuedBytes += frame.length;
    count(frame.length);
    work.signal();
  }

  /** Starts sending a blob: its SIZE frame, then chunks as credit allows. */
  void startBlob(long id, BlobSource.Blob blob, int window) throws IOException {
    lock.lock();
    try {
      try {
        queue(Frames.size(id, blob.size()));
      } catch (IOException closed) {
        closeQuietly(blob);
        throw closed;
      }
      if (blob.size() == 0) {
        closeQuietly(blob);
        return;
      }
      streams.put(id, new Stream(id, blob, window));
    } finally {
      lock.unlock();
    }
  }

  void credit(long id, int bytes) {
    lock.lock();
    try {
      Stream stream = streams.get(id);
      if (stream != null) {
        stream.credit += bytes;
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  void cancel(long id) {
    lock.lock();
    try {
      Stream stream = streams.remove(id);
      if (stream != null && stream != sending) {
        closeQuietly(stream.blob);
      }
    } finally {
      lock.unlock();
    }
  }

  long bufferedBytes() {
    return buffered.get();
  }

  long peakBufferedBytes() {
    return peakBuffered.get();
  }

  /** The writer thread's loop; returns when closed, throws when a write fails. */
  void run() throws IOException {
    while (true) {
      Stream stream;
      byte[] large;
      long position;
      int length;
      lock.lock();
      try {
        while (!closed && (writing || frames.isEmpty() && !anyCredit())) {
          work.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        startWriting(0);
        large = stageFrames();
        stream = nextStream();
        length = 0;
        position = 0;
        if (stream != null) {
          length = (int) Math.min(Math.min(Frames.CHUNK_BYTES, stream.credit),
              stream.blob.size() - stream.position);
          position = stream.position;
          stream.credit -= length;
          stream.position += length;
          sending = stream;
        }
        room.signalAll();
      } finally {
        lock.unlock();
      }
      try {
        if (large != null) { // a large message: rare, written as it is
          writeFully(ByteBuffer.wrap(large));
          count(-large.length);
        }
        chunkBuffer.clear().limit(0);
        chunkPayload = 0;
        if (stream != null) {
          stageChunk(stream, position, length);
        }
        writeStaged();
      } finally {
        doneWriting(0);
      }
    }
  }

  /**
   * Under the lock: moves queued frames into the frame buffer; returns a frame too large for it
   * if that comes first, for the writer to write on its own.
   */
  private byte[] stageFrames() {
    frameBuffer.clear();
    byte[] large = null;
    while (!frames.isEmpty()) {
      byte[] frame = frames.peek();
      if (frame.length > frameBuffer.remaining()) {
        if (frameBuffer.position() == 0) {
          large = frames.poll();
          queuedBytes -= frame.length;
        }
        break;
      }
      frameBuffer.put(frames.poll());
      queuedBytes -= frame.length;
    }
    frameBuffer.flip();
    return large;
  }

  /** Reads a chunk of the blob into the chunk buffer; a failed read tells the fetcher instead. */
  private void stageChunk(Stream stream, long position, int length) {
    count(length);
    chunkPayload = length;
    try {
      chunkBuffer.clear();
      Frames.chunkHeader(chunkBuffer, stream.id, length);
      chunkBuffer.limit(Frames.CHUNK_HEADER + length);
      while (chunkBuffer.hasRemaining()) {
        long at = position + chunkBuffer.position() - Frames.CHUNK_HEADER;
        if (stream.blob.read(at, chunkBuffer) <= 0) {
          throw new IOException("the blob ended at byte " + at + " of " + stream.blob.size());
        }
      }
      chunkBuffer.flip();
    } catch (IOException | RuntimeException e) {
      chunkBuffer.clear().limit(0);
      count(-length);
      chunkPayload = 0;
      Log.warn("Could not read a blob that {} fetches: {}", peer, e.toString());
      lock.lock();
      try {
        streams.remove(stream.id);
        queue(Frames.missing(stream.id, false, "the sender could not read it: " + e));
      } catch (IOException closed) {
        // The connection is closing: the fetcher hears of that instead.
      } finally {
        lock.unlock();
      }
    }
    lock.lock();
    try {
      sending = null;
      if (stream.position == stream.blob.size() || !streams.containsKey(stream.id)) {
        streams.remove(stream.id);
        closeQuietly(stream.blob);
      }
    } finally {
      lock.unlock();
    }
  }

  private void writeStaged() throws IOException {
    long staged = frameBuffer.remaining() + chunkPayload;
    while (frameBuffer.hasRemaining() || chunkBuffer.hasRemaining()) {
      channel.write(both);
    }
    count(-staged);
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private boolean anyCredit() {
    for (Stream stream : streams.values()) {
      if (stream.credit > 0) {
        return true;
      }
    }
    return false;
  }

  /** Under the lock: the next blob with credit, round robin. */
  private Stream nextStream() {
    Iterator<Stream> it = streams.values().iterator();
    while (it.hasNext()) {
      Stream stream = it.next();
      if (stream.credit > 0) {
        it.remove();
        streams.put(stream.id, stream); // to the back of the line
        return stream;
      }
    }
    return null;
  }

  private void count(long bytes) {
    long now = buffered.addAndGet(bytes);
    peakBuffered.accumulateAndGet(now, Math::max);
  }

  /** Stops the writer and closes every blob not being read right now. */
  void close() {
    lock.lock();
    try {
      closed = true;
      for (Stream stream : streams.values()) {
        if (stream != sending) {
          closeQuietly(stream.blob);
        }
      }
      streams.clear();
      frames.clear();
      work.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(BlobSource.Blob blob) {
    try {
      blob.close();
    } catch (Exception e) {
      Log.debug("Closing a sent blob failed: {}", e.toString());
    }
  }

  /** A blob being sent: how far, and how many bytes the fetcher may still take. */
  private static final class Stream {
    final long id;
    final BlobSource.Blob blob;
    long position;
    long credit;

    Stream(long id, BlobSource.Blob blob, int window) {
      this.id = id;
      this.blob = blob;
      this.credit = window;
    }
  }

  static long nanosFrom(java.time.Duration timeout) {
    return System.nanoTime() + TimeUnit.NANOSECONDS.convert(timeout);
  }
}
