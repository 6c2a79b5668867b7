package io.jray.internal.net;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one side (a server or a client) shares among its connections: its options, a timer for
 * deadlines and handshakes ({@code jray-net-timer}), a pool for handlers, sinks and blob opens
 * ({@code jray-net-pool-N}, idle threads end after a few seconds) and its live peers. Closing
 * it closes every peer and ends every thread.
 */
final class Endpoint implements AutoCloseable {
  final NetOptions options;
  final ScheduledThreadPoolExecutor timer;
  final ThreadPoolExecutor pool;
  private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger poolThreads = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Endpoint(NetOptions options) {
    this.options = options;
    this.timer = new ScheduledThreadPoolExecutor(1, task -> thread("jray-net-timer", task));
    timer.setRemoveOnCancelPolicy(true);
    this.pool = new ThreadPoolExecutor(options.handlerThreads, options.handlerThreads, 5,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> thread("jray-net-pool-" + poolThreads.incrementAndGet(), task));
    pool.allowCoreThreadTimeOut(true);
  }

  /** A daemon thread of this side's; close() waits for it to end. */
  Thread thread(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, name);
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  /** Closes the channel at the deadline unless {@link Watch#stop} comes first. */
  Watch watch(SocketChannel channel, Duration deadline) {
    Watch watch = new Watch(channel);
    watch.timeout = timer.schedule(watch::expire, deadline.toNanos(), TimeUnit.NANOSECONDS);
    return watch;
  }

  /** A handshake's clock: either the handshake stops it, or it closes the channel. */
  static final class Watch {
    private final SocketChannel channel;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean expired;
    private ScheduledFuture<?> timeout;

    private Watch(SocketChannel channel) {
      this.channel = channel;
    }

    private void expire() {
      if (settled.compareAndSet(false, true)) {
        expired = true;
        try {
          channel.close(); // the handshake's blocked read fails
        } catch (java.io.IOException ignored) {
          // Closing is all we want.
        }
      }
    }

    /** False if the deadline closed the channel first. */
    boolean stop() {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      timeout.cancel(false);
      return true;
    }

    boolean expired() {
      return expired;
    }
  }

  void connected(Peer peer) {
    peers.add(peer);
    if (closed) {
      peer.close();
      return;
    }
    options.onConnect.accept(peer);
  }

  void disconnected(Peer peer) {
    if (peers.remove(peer)) {
      options.onDisconnect.accept(peer);
    }
  }

  List<Peer> peers() {
    return List.copyOf(peers);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    for (Peer peer : List.copyOf(peers)) {
      peer.close();
    }
    timer.shutdownNow();
    pool.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      pool.awaitTermination(5, TimeUnit.SECONDS);
      for (Thread thread : List.copyOf(threads)) {
        if (thread != Thread.currentThread()) {
          thread.join(5_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
