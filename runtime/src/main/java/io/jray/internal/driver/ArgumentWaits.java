package io.jray.internal.driver;

import io.jray.RayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks and actors of the core that wait for an object (an argument not in the store yet), until
 * the task or call that makes it ends. Every such end goes through the core, so no one outside
 * need be asked: an object not in the store when a task is submitted is the result of a task or
 * call, known to the core already or about to be (a worker's SUBMIT may still be on its way).
 */
final class ArgumentWaits {
  /** Told once, under the core's lock, that the object is in the store or failed. */
  interface Waiter {
    void settled(long id, RayException failure);
  }

  private final Map<Long, List<Waiter>> waiting = new HashMap<>();

  void await(long id, Waiter waiter) {
    waiting.computeIfAbsent(id, k -> new ArrayList<>(1)).add(waiter);
  }

  /** Whether a task or actor waits for the object. */
  boolean awaits(long id) {
    return waiting.containsKey(id);
  }

  /** The object is in the store ({@code failure} null) or failed outside it. */
  void settled(long id, RayException failure) {
    List<Waiter> waiters = waiting.remove(id);
    if (waiters != null) {
      for (Waiter waiter : waiters) {
        waiter.settled(id, failure);
      }
    }
  }

  /** The session ends: nobody waits any more. */
  void clear() {
    waiting.clear();
  }
}
