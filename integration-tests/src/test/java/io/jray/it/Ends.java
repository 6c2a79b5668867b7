package io.jray.it;

import io.jray.Ray;
import io.jray.annotations.Remote;

/** User code for the tests of waits that used to have no end. */
public final class Ends {
  private Ends() {}

  /** Throws an exception whose message is {@code bytes} long: too large for a small store. */
  @Remote
  public static long throwHuge(int bytes) {
    throw new IllegalStateException("x".repeat(bytes));
  }

  /** A chain of nested tasks, each waiting in get for the next: depth workers wait at once. */
  @Remote
  public static long chain(int depth) {
    return depth == 0 ? 0 : Ray.get(EndsRemote.chain(depth - 1)) + 1;
  }

  @Remote
  public static long plusOne(long value) {
    return value + 1;
  }
}
