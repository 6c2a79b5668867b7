package io.jray.internal.worker;

import io.jray.internal.ObjectIds;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.protocol.ToDriver;
import java.util.Iterator;

/**
 * Runs a streaming generator's values out of the user's iterator: each is stored under an id of
 * its own and announced in GENERATOR_ITEM as soon as it is there, and the next is pulled only
 * while the consumer has fewer than the bound of them to take ({@link GeneratorCredits}). At the
 * end the call's own result is stored: how many values there were, or what the iterator threw.
 * Values stored before a throw stand.
 */
final class GeneratorProducer {
  private final Connection driver;
  private final ObjectIds ids;
  private final GeneratorCredits credits;
  private final GeneratorCredits.Blocking blocking;

  GeneratorProducer(Connection driver, ObjectIds ids, GeneratorCredits credits,
      GeneratorCredits.Blocking blocking) {
    this.driver = driver;
    this.ids = ids;
    this.credits = credits;
    this.blocking = blocking;
  }

  /** The back-pressure of the generators this process runs, which GENERATOR_CONSUMED feeds. */
  GeneratorCredits credits() {
    return credits;
  }

  /** Pulls and stores every value, then stores the call's end under its id. */
  Calls.Outcome run(Calls calls, TaskSpec spec, Streaming streaming) {
    long taskId = spec.taskId();
    credits.open(taskId);
    int produced = 0;
    try {
      try {
        Iterator<?> values = streaming.values();
        while (true) {
          credits.awaitRoom(taskId, produced, blocking);
          if (!values.hasNext()) {
            break;
          }
          Object value = values.next();
          long id = ids.next();
          calls.storeObject(id, value);
          // After the store: the driver hands out only refs whose objects are there.
          driver.send(new ToDriver.GeneratorItem(taskId, produced, id));
          produced++;
        }
      } finally {
        if (streaming.closer() != null) {
          streaming.closer().close();
        }
      }
    } catch (Throwable t) {
      return calls.storeFailure(spec, t);
    } finally {
      credits.close(taskId);
    }
    return calls.storeValue(spec, produced, false); // its end may be held back: stored
  }
}
