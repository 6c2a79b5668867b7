package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.annotations.Remote;
import java.util.ArrayList;
import java.util.List;

/** Work for the chaos test: pure functions, so a rerun gives the same answer. */
public final class Chaos {
  private Chaos() {}

  @Remote(maxRetries = -1)
  public static long square(long x) {
    return x * x;
  }

  /** A nested job: one task per number, summed here. */
  @Remote(maxRetries = -1)
  public static long sumOfSquares(long from, int count) {
    List<ObjectRef<Long>> squares = new ArrayList<>();
    for (long x = from; x < from + count; x++) {
      squares.add(ChaosRemote.square(x));
    }
    long sum = 0;
    for (long square : Ray.get(squares)) {
      sum += square;
    }
    return sum;
  }

  /** An actor whose answers do not depend on its state, so restarts cannot change them. */
  @Remote
  public static class Doubler {
    public long twice(long x) {
      return 2 * x;
    }
  }
}
