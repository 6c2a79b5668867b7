package io.jray.it;

import io.jray.annotations.Remote;

/** User code for the tests of waits that used to have no end. */
public final class Ends {
  private Ends() {}

  /** Throws an exception whose message is {@code bytes} long: too large for a small store. */
  @Remote
  public static long throwHuge(int bytes) {
    throw new IllegalStateException("x".repeat(bytes));
  }

  @Remote
  public static long plusOne(long value) {
    return value + 1;
  }
}
