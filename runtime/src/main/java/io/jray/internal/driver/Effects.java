package io.jray.internal.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * The effects of the event the core applies now, in order. One list serves every event: the
 * core applies one at a time, and takes the list before it leaves its lock.
 */
final class Effects {
  private ArrayList<Effect> effects = new ArrayList<>();
  /** The worker of the latest Flush, so that a run of frames to one worker flushes once. */
  private Worker lastFlushed;

  void add(Effect effect) {
    effects.add(effect);
  }

  /** Write what was queued on the worker's outbox. */
  void flush(Worker worker) {
    if (worker != lastFlushed) {
      lastFlushed = worker;
      effects.add(new Effect.Flush(worker));
    }
  }

  /** The event's effects; this starts empty for the next event. */
  List<Effect> take() {
    lastFlushed = null;
    if (effects.isEmpty()) {
      return List.of();
    }
    List<Effect> taken = effects;
    effects = new ArrayList<>();
    return taken;
  }
}
