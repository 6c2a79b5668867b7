package io.jray.benchmarks;

import io.jray.annotations.Remote;

/** A small actor: one int of state, one cheap method, as Ray's benchmark actor. */
@Remote
public class Counter {
  private int count;

  public Counter() {}

  public int increment() {
    count += 1;
    return count;
  }
}
