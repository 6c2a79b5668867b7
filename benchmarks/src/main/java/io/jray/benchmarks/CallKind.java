package io.jray.benchmarks;

import io.jray.ObjectRef;
import io.jray.Ray;
import java.util.ArrayList;
import java.util.List;

/**
 * The four kinds of call the core and actor issues time, each as {@code n} calls through the
 * public API: no-op tasks and {@link Counter} calls, one at a time (sync: each {@code Ray.get}
 * before the next call) or all at once (async: every call, then one {@code Ray.get} of the list).
 */
enum CallKind {
  SYNC_TASKS("syncTasks", "tasks, sync", true) {
    @Override
    void run(CounterRemote counter, int n) {
      for (int i = 0; i < n; i++) {
        Ray.get(NoopsRemote.noop());
      }
    }
  },
  ASYNC_TASKS("asyncTasks", "tasks, async", false) {
    @Override
    void run(CounterRemote counter, int n) {
      List<ObjectRef<Integer>> refs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        refs.add(NoopsRemote.noop());
      }
      Ray.get(refs);
    }
  },
  SYNC_ACTOR("syncActor", "actor calls, sync", true) {
    @Override
    void run(CounterRemote counter, int n) {
      for (int i = 0; i < n; i++) {
        Ray.get(counter.increment());
      }
    }
  },
  ASYNC_ACTOR("asyncActor", "actor calls, async", false) {
    @Override
    void run(CounterRemote counter, int n) {
      List<ObjectRef<Integer>> calls = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        calls.add(counter.increment());
      }
      Ray.get(calls);
    }
  };

  /** The key in RESULT lines. */
  final String id;
  /** The words in tables. */
  final String label;
  /** Whether each call waits for its result before the next (the floor's shape). */
  final boolean sync;

  CallKind(String id, String label, boolean sync) {
    this.id = id;
    this.label = label;
    this.sync = sync;
  }

  /** Makes {@code n} calls of this kind (the actor's only if it is an actor kind). */
  abstract void run(CounterRemote counter, int n);

  /** Calls per second over {@code n} calls of this kind. */
  double rate(CounterRemote counter, int n) {
    long start = System.nanoTime();
    run(counter, n);
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
