package io.jray.internal.driver;

import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.ToDriver;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Who reads one worker's control channel in the driver: the channel's own thread, or a caller
 * waiting in {@code Ray.get} for a reply that this channel brings, which then reads and applies
 * the channel's frames itself. A sync call then wakes two threads, the worker's and the
 * caller's, as a plain round trip does; with the channel's own thread reading, its reply woke
 * a third (the reader, which then completed the caller's future), on two cores.
 *
 * <p>One thread holds the channel at a time ({@link #holder}). While callers read it (until
 * {@link #HOT_NANOS} after the last one let go, and only the {@link #MAX_HOT} channels callers
 * read latest), its own thread does not wait on the socket, where a caller could not take over
 * from it: it looks every {@link #LOOK_EVERY_NANOS} for frames that came between calls. Otherwise
 * it waits on the socket, and a caller that wants the channel wakes it ({@link #wanted}), which
 * makes the channel one that callers read. A get that waits the usual way (no channel to read,
 * or a busy one), a consumer waiting for a generator's next value, or a worker's task waiting in
 * get makes every channel's own thread wait on its socket again while it waits ({@link
 * Waiters#parked}), so that the reply it waits for is read as soon as it comes.
 *
 * <p>A caller whose reply is long in coming keeps the channel and waits on the socket itself,
 * woken by its reply, by its future's completing elsewhere, by its timeout or an interrupt. A
 * failure a caller meets (the worker closed the channel) goes to the channel's own thread, which
 * ends the channel as it would have had it read the failure itself.
 */
final class ChannelReader {
  /** How often the channel's own thread looks for frames while callers read it. */
  static final long LOOK_EVERY_NANOS = 2_000_000;
  /** How long after a caller let go the channel counts as read by callers. */
  static final long HOT_NANOS = 100_000_000;
  /**
   * How many channels at most count as read by callers: each costs its own thread's looks, 500
   * a second; a caller of hundreds of actors in turn wakes the channel's own thread instead.
   */
  static final int MAX_HOT = 4;

  /** What the driver does with the channel's frames (the control server's handler's). */
  interface Frames {
    void frame(ToDriver frame) throws IOException;
  }

  /**
   * The gets of the driver that wait the usual way, parked on their futures, and the channels
   * callers read lately; shared by all channels.
   */
  static final class Waiters {
    private final AtomicInteger parked = new AtomicInteger();
    private final Set<ChannelReader> readers = ConcurrentHashMap.newKeySet();
    /** The channels callers read lately, the latest first; guarded by this. */
    private final ChannelReader[] hot = new ChannelReader[MAX_HOT];
    private volatile ChannelReader latest;

    /** A caller read this channel: it counts as hot, and the longest unread of more goes cold. */
    void heated(ChannelReader reader) {
      if (latest == reader) {
        return;
      }
      ChannelReader cooled = null;
      synchronized (this) {
        latest = reader;
        int at = 0;
        while (at < MAX_HOT - 1 && hot[at] != reader) {
          at++;
        }
        if (hot[at] != reader) {
          cooled = hot[at];
        }
        System.arraycopy(hot, 0, hot, 1, at);
        hot[0] = reader;
      }
      if (cooled != null) {
        cooled.cool();
      }
    }

    /** A thread calls without waiting: every channel goes back to its own thread. */
    void coolAll() {
      if (latest == null) {
        return; // none is hot: the usual case, tested without the lock
      }
      ChannelReader[] cooled;
      synchronized (this) {
        cooled = hot.clone();
        Arrays.fill(hot, null);
        latest = null;
      }
      for (ChannelReader reader : cooled) {
        if (reader != null) {
          reader.cool();
        }
      }
    }

    private synchronized void forget(ChannelReader reader) {
      for (int i = 0; i < MAX_HOT; i++) {
        if (hot[i] == reader) {
          System.arraycopy(hot, i + 1, hot, i, MAX_HOT - 1 - i);
          hot[MAX_HOT - 1] = null;
        }
      }
      latest = hot[0];
      readers.remove(reader);
    }

    /** A get parks: the channels' own threads go back to waiting on their sockets. */
    void parked() {
      if (parked.getAndIncrement() == 0) {
        for (ChannelReader reader : readers) {
          LockSupport.unpark(reader.own);
        }
      }
    }

    void unparked() {
      parked.decrementAndGet();
    }

    boolean any() {
      return parked.get() > 0;
    }
  }

  private final Connection connection;
  private final Frames frames;
  private final Waiters waiters;
  private final Thread own;
  /** The thread reading the channel now; null between turns. */
  private final AtomicReference<Thread> holder = new AtomicReference<>();
  /** Until when (System.nanoTime) callers read the channel; its own thread then only looks. */
  private volatile long hotUntil = System.nanoTime();
  /** A caller wants the channel: its own thread, waiting on the socket, lets go. */
  private volatile boolean wanted;
  /** What a caller met reading the channel; its own thread ends the channel with it. */
  private volatile Throwable failure;

  /** For the channel whose own thread is the calling one. */
  ChannelReader(Connection connection, Frames frames, Waiters waiters) {
    this.connection = connection;
    this.frames = frames;
    this.waiters = waiters;
    this.own = Thread.currentThread();
    waiters.readers.add(this);
  }

  /**
   * One turn of the channel's own thread: it reads what has come, waiting for it unless callers
   * read the channel now. Throws once the channel has ended (the worker closed it, a frame was
   * malformed, or its handling failed here or in a caller).
   */
  void ownTurn() throws IOException {
    throwIfFailed();
    if (hot() || !holder.compareAndSet(null, own)) {
      LockSupport.parkNanos(this, LOOK_EVERY_NANOS);
      if (holder.compareAndSet(null, own)) {
        try {
          drain();
        } finally {
          holder.set(null);
        }
      }
      return;
    }
    try {
      drain();
      while (!wanted && !hot()) {
        connection.awaitReadable(0);
        applyRead();
      }
    } finally {
      if (wanted) {
        // A caller wants it: callers read it from now on, this thread only looks. The caller
        // takes it if it still spins; else it waits the usual way, and its parked wait makes
        // this thread read for it.
        wanted = false;
        heat();
      }
      holder.set(null);
    }
  }

  /** The channel's own thread is done with it. */
  void ended() {
    waiters.forget(this);
  }

  /** Callers read it lately; see {@link Waiters#heated}. */
  private void heat() {
    hotUntil = System.nanoTime() + HOT_NANOS;
    waiters.heated(this);
  }

  /** Other channels were read by callers since: its own thread waits on the socket again. */
  private void cool() {
    hotUntil = System.nanoTime();
    LockSupport.unpark(own);
  }

  /** Whether callers read it now, so that its own thread only looks now and then. */
  boolean hot() {
    return System.nanoTime() - hotUntil < 0 && !waiters.any();
  }

  /**
   * For a caller waiting for {@code done}, which this channel's frames will complete: reads and
   * applies them on the calling thread until it completes (true). Returns false, leaving the
   * rest to the usual wait, if another thread holds the channel for longer than {@code
   * spinNanos}, once {@code deadline} (System.nanoTime; 0: none) has passed, if the thread is
   * interrupted, or if the channel failed.
   */
  boolean readUntil(CompletableFuture<?> done, long spinNanos, long deadline) {
    Thread me = Thread.currentThread();
    if (holder.get() == me || failure != null || !take(me, spinNanos)) {
      return false; // a caller reading in a frame's handling takes no second turn
    }
    boolean failed = false;
    try {
      long start = System.nanoTime();
      boolean wakesOnDone = false;
      for (int i = 0; !done.isDone(); i++) {
        if (me.isInterrupted()) {
          return false;
        }
        if (poll()) {
          continue;
        }
        long now = System.nanoTime();
        if (deadline != 0 && now - deadline >= 0) {
          return false;
        }
        if (now - start < spinNanos) {
          if ((i & 15) == 15) {
            Thread.yield(); // on a busy machine, the worker may need this CPU for the reply
          } else {
            Thread.onSpinWait();
          }
          continue;
        }
        if (!wakesOnDone) {
          wakesOnDone = true; // a retry elsewhere, or the shutdown, may complete it
          done.whenComplete((value, error) -> connection.wakeReader());
        }
        connection.awaitReadable(deadline == 0 ? 0 : Math.max(1, deadline - now));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      failure = e;
      failed = true;
      return false;
    } finally {
      heat();
      holder.set(null);
      if (failed || waiters.any()) {
        LockSupport.unpark(own); // it ends the channel, or reads for the gets that park
      }
    }
  }

  /** Takes the channel, waking its own thread if that waits on the socket, within spinNanos. */
  private boolean take(Thread me, long spinNanos) {
    long start = System.nanoTime();
    for (int i = 0; !holder.compareAndSet(null, me); i++) {
      if (!wanted && holder.get() == own) {
        wanted = true;
        connection.wakeReader();
      }
      if (System.nanoTime() - start > spinNanos) {
        return false;
      }
      if ((i & 15) == 15) {
        Thread.yield(); // the thread to wake may need this CPU
      } else {
        Thread.onSpinWait();
      }
    }
    wanted = false; // had it been set again as its own thread let go, it would heat it later
    heat();
    return true;
  }

  /** Applies the next frame if the socket holds it whole; whether it did. */
  private boolean poll() throws IOException {
    ToDriver frame = connection.pollToDriver();
    if (frame == null) {
      return false;
    }
    frames.frame(frame);
    if (!connection.hasBufferedFrame()) {
      // What this worker's news let through (actor calls waiting for a batch) goes now, in one
      // write, before this thread looks for more.
      connection.flush();
    }
    return true;
  }

  /** Applies every frame the socket holds now, reading until it is empty. */
  private void drain() throws IOException {
    while (poll()) {
      throwIfFailed();
    }
  }

  /**
   * Reads once and applies the whole frames that brought: after a wait on the socket, which
   * returns at once if more is left, a read that would find it empty costs a system call.
   */
  private void applyRead() throws IOException {
    if (poll()) {
      while (connection.hasBufferedFrame() && poll()) {
        throwIfFailed();
      }
    }
  }

  private void throwIfFailed() throws IOException {
    Throwable failed = failure;
    if (failed instanceof IOException io) {
      throw io;
    } else if (failed instanceof RuntimeException runtime) {
      throw runtime;
    }
  }
}
