package io.jray.util;

import io.jray.ActorHandle;
import io.jray.GetTimeoutException;
import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.WaitResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Spreads calls over a fixed set of actors, as Ray's {@code ActorPool}: each submitted value goes
 * to an idle actor, or waits for one; results come back in submission order ({@link #getNext})
 * or as they finish ({@link #getNextUnordered}). An actor is idle again once its result has been
 * taken. Not thread-safe: use a pool from one thread.
 *
 * <pre>{@code
 * ActorPool<WorkerRemote, Integer> pool = new ActorPool<>(List.of(a, b));
 * List<Integer> doubled = pool.map((actor, v) -> actor.twice(v), List.of(1, 2, 3, 4));
 * }</pre>
 *
 * @param <A> the actors' handle type
 * @param <R> the calls' result type
 */
public final class ActorPool<A extends ActorHandle, R> {
  private final Deque<A> idle;
  private final Deque<Runnable> waitingForActor = new ArrayDeque<>();
  /** Calls not yet taken, by submission index; null until the call has an actor. */
  private final TreeMap<Long, ObjectRef<R>> bySubmission = new TreeMap<>();
  private final Map<ObjectRef<R>, Long> submissionOf = new HashMap<>();
  private final Map<ObjectRef<R>, A> actorOf = new HashMap<>();
  private long submitted;

  /**
   * A pool of these actors.
   *
   * @param actors the actors' handles, at least one
   */
  public ActorPool(List<A> actors) {
    if (actors.isEmpty()) {
      throw new IllegalArgumentException("An ActorPool needs at least one actor.");
    }
    this.idle = new ArrayDeque<>(actors);
  }

  /**
   * Calls {@code call(actor, value)} on an idle actor now, or once one is idle.
   *
   * @param call the stub call to make, given an actor and the value
   * @param value the value to pass
   * @param <V> the type of the value
   */
  public <V> void submit(BiFunction<? super A, ? super V, ObjectRef<R>> call, V value) {
    Objects.requireNonNull(call, "call");
    long index = submitted++;
    bySubmission.put(index, null);
    Runnable start = () -> {
      A actor = idle.pollFirst();
      ObjectRef<R> ref = call.apply(actor, value);
      bySubmission.put(index, ref);
      submissionOf.put(ref, index);
      actorOf.put(ref, actor);
    };
    if (idle.isEmpty()) {
      waitingForActor.addLast(start);
    } else {
      start.run();
    }
  }

  /**
   * Whether a submitted call's result has not been taken yet.
   *
   * @return whether a submitted call's result has not been taken yet
   */
  public boolean hasNext() {
    return !bySubmission.isEmpty();
  }

  /**
   * The result of the oldest call not yet taken, waiting for it.
   *
   * @return the result of the oldest call not yet taken
   */
  public R getNext() {
    return getNext(null);
  }

  /**
   * As {@link #getNext()}, or {@link GetTimeoutException} after {@code timeout}.
   *
   * @param timeout how long to wait at most
   * @return the result of the oldest call not yet taken
   */
  public R getNext(Duration timeout) {
    if (!hasNext()) {
      throw new NoSuchElementException("No calls are pending in this ActorPool: submit first.");
    }
    ObjectRef<R> ref = bySubmission.firstEntry().getValue();
    R value = timeout == null ? Ray.get(ref) : Ray.get(ref, timeout);
    taken(ref);
    return value;
  }

  /**
   * The result of whichever call finishes first, waiting for one.
   *
   * @return the result of the call that finished first
   */
  public R getNextUnordered() {
    return getNextUnordered(null);
  }

  /**
   * As {@link #getNextUnordered()}, or {@link GetTimeoutException} after {@code timeout}.
   *
   * @param timeout how long to wait at most
   * @return the result of the call that finished first
   */
  public R getNextUnordered(Duration timeout) {
    if (!hasNext()) {
      throw new NoSuchElementException("No calls are pending in this ActorPool: submit first.");
    }
    List<ObjectRef<R>> running = new ArrayList<>(actorOf.keySet());
    WaitResult<R> result =
        timeout == null ? Ray.wait(running, 1) : Ray.wait(running, 1, timeout);
    if (result.ready().isEmpty()) {
      throw new GetTimeoutException("No call in the ActorPool finished within " + timeout + ".");
    }
    ObjectRef<R> ref = result.ready().get(0);
    taken(ref);
    return Ray.get(ref);
  }

  /**
   * Submits a call per value and returns the results in the order of the values.
   *
   * @param call the stub call to make, given an actor and a value
   * @param values the values, one call each
   * @param <V> the type of the values
   * @return the results, in the order of the values
   */
  public <V> List<R> map(BiFunction<? super A, ? super V, ObjectRef<R>> call, List<V> values) {
    values.forEach(value -> submit(call, value));
    List<R> results = new ArrayList<>(values.size());
    while (results.size() < values.size()) {
      results.add(getNext());
    }
    return results;
  }

  /**
   * Submits a call per value and returns the results in the order they finish.
   *
   * @param call the stub call to make, given an actor and a value
   * @param values the values, one call each
   * @param <V> the type of the values
   * @return the results, in the order the calls finished
   */
  public <V> List<R> mapUnordered(
      BiFunction<? super A, ? super V, ObjectRef<R>> call, List<V> values) {
    values.forEach(value -> submit(call, value));
    List<R> results = new ArrayList<>(values.size());
    while (results.size() < values.size()) {
      results.add(getNextUnordered());
    }
    return results;
  }

  /** The call's actor is idle again: give it the next waiting call. */
  private void taken(ObjectRef<R> ref) {
    bySubmission.remove(submissionOf.remove(ref));
    idle.addLast(actorOf.remove(ref));
    Runnable next = waitingForActor.pollFirst();
    if (next != null) {
      next.run();
    }
  }
}
