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

  /**
   * Waits until value number {@code index} (from 0) may be produced: fewer than the bound are
   * produced and not taken. Ends early only by an interrupt (a cancel), which it throws.
   */
  synchronized void awaitRoom(long taskId, int index) throws InterruptedException {
    while (index - (long) consumed.getOrDefault(taskId, Integer.MAX_VALUE) >= bound) {
      wait();
    }
  }

  /** How many values of the generator the consumer has taken; for tests. */
  synchronized int consumed(long taskId) {
    return consumed.getOrDefault(taskId, -1);
  }
}
