package io.jray.internal.driver;

import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.internal.ObjectRefImpl;
import io.jray.internal.protocol.ToDriver;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The driver's open streaming generators, by their call's id: values announced by workers go to
 * their stream, and a call that settles ends its stream (and leaves this table). A generator the
 * program drops before its end is abandoned: its producer no longer waits for a consumer.
 */
final class GeneratorStreams {
  private static final Cleaner CLEANER = Cleaner.create(runnable -> {
    Thread thread = new Thread(runnable, "jray-generators");
    thread.setDaemon(true);
    return thread;
  });

  private final Map<Long, GeneratorStream<?>> open = new ConcurrentHashMap<>();
  private final GeneratorStream.Seams seams;

  GeneratorStreams(GeneratorStream.Seams seams) {
    this.seams = seams;
  }

  /**
   * Opens the stream of call {@code taskId} before {@code submit} submits the call (so that no
   * value can come before it) and returns the program's generator.
   */
  <T> ObjectRefGenerator<T> open(long taskId, Supplier<ObjectRefImpl<?>> submit) {
    GeneratorStream<T> stream = new GeneratorStream<>(taskId, seams);
    open.put(taskId, stream);
    try {
      stream.endIs(submit.get());
    } catch (RuntimeException | Error e) {
      open.remove(taskId);
      throw e;
    }
    RefGenerator<T> generator = new RefGenerator<>(stream);
    CLEANER.register(generator, stream::abandon);
    return generator;
  }

  /** A worker stored a value of a generator: the stream takes it, or it is freed. */
  void item(Worker from, ToDriver.GeneratorItem item) {
    GeneratorStream<?> stream = open.get(item.taskId());
    if (stream == null) {
      seams.discard(item.itemId()); // the stream ended: nobody will take it
      return;
    }
    stream.item(from, item.index(), item.itemId());
  }

  /** The call whose result is {@code id} settled: if a generator's, its stream ends. */
  void settled(long id) {
    if (open.isEmpty()) {
      return;
    }
    GeneratorStream<?> stream = open.remove(id);
    if (stream != null) {
      stream.ended();
    }
  }

  /** The session ends: every stream ends, and its next ref fails as its call's result does. */
  void endAll() {
    for (Long id : open.keySet()) {
      settled(id);
    }
  }

  /** Whether a stream is open for the call; for tests. */
  boolean isOpen(long taskId) {
    return open.containsKey(taskId);
  }

  /** The program's view of a stream; dropping it abandons the stream. */
  private static final class RefGenerator<T> implements ObjectRefGenerator<T> {
    private final GeneratorStream<T> stream;

    RefGenerator(GeneratorStream<T> stream) {
      this.stream = stream;
    }

    @Override
    public Iterator<ObjectRef<T>> iterator() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return stream.hasNext();
        }

        @Override
        public ObjectRef<T> next() {
          return stream.next();
        }
      };
    }

    @Override
    public String toString() {
      return "ObjectRefGenerator(" + io.jray.internal.ObjectIds.hex(stream.taskId()) + ")";
    }
  }
}
