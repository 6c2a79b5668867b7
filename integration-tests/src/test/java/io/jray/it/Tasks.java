package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.annotations.Remote;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** User code, as a user would write it: every method runs as a remote task in the tests. */
public final class Tasks {
  private Tasks() {}

  /** A value a test can compare with a local call. */
  public record Point(int x, int y) {}

  /** An application exception with a field of its own. */
  public static final class OrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int orderId;

    public OrderException(String message, int orderId) {
      super(message);
      this.orderId = orderId;
    }

    public int orderId() {
      return orderId;
    }
  }

  @Remote
  public static long add(long a, long b) {
    return a + b;
  }

  @Remote
  public static long pid() {
    return ProcessHandle.current().pid();
  }

  @Remote
  public static long sleepThenPid(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return ProcessHandle.current().pid();
  }

  @Remote
  public static Point mirror(Point p) {
    return new Point(p.y(), p.x());
  }

  @Remote
  public static String join(List<String> parts, String separator) {
    return String.join(separator, parts);
  }

  @Remote
  public static Map<String, Integer> lengths(List<String> words) {
    Map<String, Integer> lengths = new TreeMap<>();
    for (String word : words) {
      lengths.put(word, word.length());
    }
    return lengths;
  }

  @Remote
  public static long checksum(byte[] data) {
    long sum = 0;
    for (byte b : data) {
      sum = sum * 31 + b;
    }
    return sum;
  }

  @Remote
  public static byte[] bytes(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 7);
    }
    return data;
  }

  @Remote
  public static void nothing() {}

  @Remote
  public static long failWithOrder(int orderId) {
    throw placeOrder(orderId);
  }

  private static OrderException placeOrder(int orderId) {
    return new OrderException("order " + orderId + " was rejected", orderId);
  }

  /** Returns once the file exists (at most a minute), as a gate the test opens. */
  @Remote
  public static long awaitFile(String file) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(Paths.get(file)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ProcessHandle.current().pid();
  }

  /** A nested task tree: 2^depth leaves, each a task of its own. */
  @Remote
  public static long fanOut(int depth) {
    if (depth == 0) {
      return 1;
    }
    ObjectRef<Long> left = TasksRemote.fanOut(depth - 1);
    ObjectRef<Long> right = TasksRemote.fanOut(depth - 1);
    return Ray.get(left) + Ray.get(right);
  }

  /** Sums values behind refs that arrived inside a list, so are not resolved for us. */
  @Remote
  public static long sumRefs(List<ObjectRef<Long>> refs) {
    long sum = 0;
    for (long value : Ray.get(refs)) {
      sum += value;
    }
    return sum;
  }

  @Remote
  public static List<Long> range(int n) {
    List<Long> values = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      values.add(i);
    }
    return values;
  }

  @Remote
  public static String print(String line) {
    System.out.println(line);
    return line;
  }
}
