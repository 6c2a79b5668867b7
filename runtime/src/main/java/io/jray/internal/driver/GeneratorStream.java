package io.jray.internal.driver;

import io.jray.ObjectRef;
import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectRefImpl;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.Outbox;
import io.jray.internal.protocol.ToWorker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * One streaming generator, as its consumer in the driver sees it: the refs of the values its
 * producer announced (GENERATOR_ITEM) and not yet handed out, in order, and whether its call has
 * ended. The consumer takes refs with {@link #hasNext}/{@link #next}, which wait; each ref taken
 * is told to the producer (GENERATOR_CONSUMED), whose back-pressure counts on it.
 *
 * <p>The end is known from the call's settling (the shell's, after the core applied the end):
 * the producer's frames all came before it, so every value announced is here by then. After the
 * last value, a call that failed hands out one more ref, its own result, which holds the error.
 *
 * @param <T> the type of the values
 */
final class GeneratorStream<T> {
  /** What a stream needs of its runtime. */
  interface Seams {
    /** Whether the call's own result, settled, is an error. */
    boolean endFailed(ObjectRef<?> end);

    /** Frees a value nobody will be handed: a repeat of a generator run again, say. */
    void discard(long itemId);

    /** The consumer waits for the next value, {@link #waited} once it has it. */
    default void waits() {}

    default void waited() {}
  }

  private final long taskId;
  private final Seams seams;
  /** The call's own result: kept while the stream is, so that the end can still be read. */
  private volatile ObjectRefImpl<?> end;
  // Guarded by this.
  private final Deque<ObjectRef<T>> waiting = new ArrayDeque<>();
  private int received;
  private boolean ended;
  private boolean endHandedOut;
  private Boolean endFailed;
  private boolean abandoned;
  /** The process that produces the values now; a generator run again has a new one. */
  private Worker producer;

  GeneratorStream(long taskId, Seams seams) {
    this.taskId = taskId;
    this.seams = seams;
  }

  long taskId() {
    return taskId;
  }

  /** The call was submitted: this is the ref to its own result. */
  void endIs(ObjectRefImpl<?> end) {
    this.end = end;
  }

  /**
   * Value number {@code index} of the generator is in the store under {@code itemId}, says the
   * process {@code from}. One already received (a generator that runs again from the start), or
   * for a stream that ended or that nobody reads, is freed.
   */
  void item(Worker from, int index, long itemId) {
    boolean keep;
    Worker tell = null;
    int count = 0;
    synchronized (this) {
      keep = !ended && !abandoned && index == received;
      if (keep) {
        waiting.add(new ObjectRefImpl<>(itemId));
        received++;
        notifyAll();
      }
      if (!ended && from != producer) {
        // A producer run again starts from 0: tell it at once what the consumer has taken.
        producer = from;
        count = abandoned ? Integer.MAX_VALUE : received - waiting.size();
        tell = count > 0 ? from : null;
      }
    }
    if (!keep) {
      Log.debug("Dropped value {} of generator {} ({})", index, ObjectIds.hex(taskId),
          ObjectIds.hex(itemId));
      seams.discard(itemId);
    }
    if (tell != null) {
      tell(tell, count);
    }
  }

  /** The call ended, and everything its producers announced is here. */
  synchronized void ended() {
    ended = true;
    producer = null;
    notifyAll();
  }

  /**
   * Nobody can take refs any more (the generator was dropped): values that come are freed, and
   * the producer need not wait for a consumer.
   */
  void abandon() {
    Worker tell;
    synchronized (this) {
      abandoned = true;
      waiting.clear();
      tell = ended ? null : producer;
    }
    if (tell != null) {
      tell(tell, Integer.MAX_VALUE);
    }
  }

  /**
   * Waits until the next ref exists or the call has ended; true if there is one more: a value's,
   * or, after the last value of a call that failed, the call's own, which holds its error.
   */
  boolean hasNext() {
    synchronized (this) {
      boolean waited = false;
      try {
        while (waiting.isEmpty() && !ended) {
          if (!waited) {
            waited = true;
            seams.waits();
          }
          wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RayException("Interrupted while waiting for the next value of generator "
            + ObjectIds.hex(taskId), e);
      } finally {
        if (waited) {
          seams.waited();
        }
      }
      if (!waiting.isEmpty()) {
        return true;
      }
      if (endHandedOut) {
        return false;
      }
      if (endFailed != null) {
        return endFailed;
      }
    }
    boolean failed = seams.endFailed(end); // reads the store: not under the lock
    synchronized (this) {
      endFailed = failed;
    }
    return failed;
  }

  /** The next ref, once {@link #hasNext} says there is one; the producer hears it was taken. */
  @SuppressWarnings("unchecked")
  ObjectRef<T> next() {
    while (true) {
      if (!hasNext()) {
        throw new NoSuchElementException("generator " + ObjectIds.hex(taskId) + " has ended");
      }
      ObjectRef<T> ref;
      Worker tell;
      int count;
      synchronized (this) {
        ref = waiting.poll();
        if (ref == null) {
          if (!ended || endHandedOut || !Boolean.TRUE.equals(endFailed)) {
            continue; // another thread took the value hasNext saw: look again
          }
          endHandedOut = true;
          return (ObjectRef<T>) end;
        }
        tell = ended ? null : producer;
        count = received - waiting.size();
      }
      if (tell != null) {
        tell(tell, count);
      }
      return ref;
    }
  }

  /** Tells the producer how many values the consumer has taken; a dead one needs no news. */
  private void tell(Worker worker, int count) {
    Outbox outbox = worker.outbox;
    if (outbox == null) {
      return;
    }
    try {
      outbox.queue(new ToWorker.GeneratorConsumed(taskId, count));
      Connection connection = worker.connection;
      if (connection != null) {
        connection.flush();
      }
    } catch (IOException e) {
      // Its process is ending; the core hears of it, and the call ends or runs again.
      Log.debug("Could not tell {} of generator {}: {}", worker, ObjectIds.hex(taskId),
          e.toString());
    }
  }
}
