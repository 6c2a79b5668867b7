package io.jray;

import java.util.Iterator;

/**
 * The refs of a streaming generator: a {@code @Remote} method that returns an {@link Iterator}
 * or a {@link java.util.stream.Stream} stores each value as it produces it, and its generated stub
 * returns this at once. Iterating hands out each value's ref as soon as the value is in the store,
 * in the order produced; {@link Iterator#hasNext()} waits until the next value is there or the
 * method has ended.
 *
 * <p>Each ref is a plain {@link ObjectRef}: pass it to {@link Ray#get}, to another task, or keep
 * it; its object lives while a ref to it does. The method runs ahead of the refs handed out by a
 * few values at most ({@link Tuning#generatorBackpressure()}), then waits for the consumer, so a
 * slow consumer does not fill the store. If the method throws, the values produced before stay
 * readable, and the next ref fails with the error ({@link TaskFailedException}, as any task's
 * ref); if its process dies and it may not run again, the next ref fails with {@link
 * WorkerDiedException} (or {@link ActorDiedException}). A generator that runs again from the start
 * (its retries) hands out only the values it had not produced before.
 *
 * <p>The refs are handed out once: every {@link #iterator()} continues where the last stopped.
 * Refs are read in the driver's process, for tasks that run on its machine.
 *
 * @param <T> the type of the values
 */
public interface ObjectRefGenerator<T> extends Iterable<ObjectRef<T>> {

  /**
   * The refs not handed out yet, in the order produced.
   *
   * @return an iterator whose {@code hasNext} waits for the next value or the end
   */
  @Override
  Iterator<ObjectRef<T>> iterator();
}
