package io.jray.benchmarks;

import io.jray.annotations.Remote;

/** The remote functions the benchmarks call: they do next to nothing, so what is timed is jray. */
public final class Noops {
  private Noops() {}

  /** Ray's {@code small_value}: a task whose only cost is getting there and back. */
  @Remote
  public static int noop() {
    return 0;
  }

  /** The seed's function: the sum of i² for i from a to b, a double so the loop is not folded. */
  @Remote
  public static double sumSquares(int a, int b) {
    double sum = 0;
    for (int i = a; i <= b; i++) {
      sum += (double) i * i;
    }
    return sum;
  }
}
