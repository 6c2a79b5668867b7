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

  /** {@code size} bytes, for transfers. */
  @Remote
  public static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    bytes[size - 1] = 1;
    return bytes;
  }

  /** The length of what it was given: its cost is getting the bytes there. */
  @Remote
  public static int length(byte[] bytes) {
    return bytes.length;
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
