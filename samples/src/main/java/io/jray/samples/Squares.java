package io.jray.samples;

import io.jray.annotations.Remote;
import java.util.List;

/** The seed's functions: plain static methods that jray can also run as remote tasks. */
public final class Squares {
  private Squares() {}

  /** The sum of i² for i from a to b, as a double so the loop cannot be folded away. */
  @Remote
  public static double sumSquares(int a, int b) {
    double sum = 0;
    for (int i = a; i <= b; i++) {
      sum += (double) i * i;
    }
    return sum;
  }

  /**
   * Prints where it runs, as the seed's task does: its output reaches the driver's console
   * prefixed with the worker's {@code (pid=N)}.
   *
   * @return this process's id
   */
  @Remote
  public static long whereAmI() {
    ProcessHandle me = ProcessHandle.current();
    System.out.println("I am a task in pid " + me.pid() + ", my parent is pid "
        + me.parent().map(ProcessHandle::pid).orElse(-1L));
    return me.pid();
  }

  /**
   * The sum of a list, for a list put in the store.
   *
   * @param xs the numbers
   * @return their sum
   */
  @Remote
  public static long total(List<Integer> xs) {
    long sum = 0;
    for (int x : xs) {
      sum += x;
    }
    return sum;
  }
}
