package io.jray.internal.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * Back-pressure for the streaming generators this process runs: how many of each one's values
 * its consumer has taken, as the driver says in GENERATOR_CONSUMED, and a wait until a generator
 * may produce its next value: it runs at most {@code bound} values ahead of its consumer.
 */
final class GeneratorCredits {
  private final int bound;
  /** Values taken by the consumer, per running generator's task id. */
  private final Map<Long, Integer> consumed = new HashMap<>();

  GeneratorCredits(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("a generator's bound is 1 or more, was " + bound);
    }
    this.bound = bound;
  }

  /** The generator starts: nothing of it has been taken yet. */
  synchronized void open(long taskId) {
    consumed.put(taskId, 0);
  }

  /** The generator ended: news of it is of no use any more. */
  synchronized void close(long taskId) {
    consumed.remove(taskId);
  }

  /**
   * The consumer has taken the first {@code count} values ({@link Integer#MAX_VALUE}: it takes no
   * more, so the generator need not wait). News of a generator that is not running is dropped.
   */
  synchronized void consumed(long taskId, int count) {
    if (consumed.computeIfPresent(taskId, (id, before) -> Math.max(before, count)) != null) {
      notifyAll();
    }
  }

  /** What a producer does around a wait for its consumer, outside this class's lock. */
  interface Blocking {
    Blocking NONE = new Blocking() {
      @Override
      public void before() {}

      @Override
      public void after() {}
    };

    /** The producer is about to wait. */
    void before();

    /** The producer waits no more. */
    void after();
  }

  /**
   * Waits until value number {@code index} (from 0) may be produced: fewer than the bound are
   * produced and not taken. A producer that must wait is blocked meanwhile, as one in a get is
   * (its CPUs lent, its queued tasks given back), so that work its consumer waits for can run.
   * Ends early only by an interrupt (a cancel), which it throws.
   */
  void awaitRoom(long taskId, int index, Blocking blocking) throws InterruptedException {
    if (hasRoom(taskId, index)) {
      return;
    }
    blocking.before();
    try {
      synchronized (this) {
        while (!hasRoom(taskId, index)) {
          wait();
        }
      }
    } finally {
      blocking.after();
    }
  }

  private synchronized boolean hasRoom(long taskId, int index) {
    return index - (long) consumed.getOrDefault(taskId, Integer.MAX_VALUE) < bound;
  }

  /** How many values of the generator the consumer has taken; for tests. */
  synchronized int consumed(long taskId) {
    return consumed.getOrDefault(taskId, -1);
  }
}
