package com.example;

import io.jray.annotations.Remote;
import java.util.List;
import java.util.Map;

public class Squares {
  @Remote
  public static double sumSquares(int a, int b) {
    return (double) a * a + (double) b * b;
  }

  @Remote
  public static long total(List<Integer> xs) {
    return xs.stream().mapToLong(Integer::longValue).sum();
  }

  @Remote(maxRetries = 0)
  static void log(String message) {
    System.out.println(message);
  }

  @Remote
  protected static Map<String, List<Integer>> index(List<? extends CharSequence> words) {
    return Map.of();
  }

  @Remote(numCpus = 0.5, numGpus = 1, memoryBytes = 1 << 20, resources = {"special=1", "disk=2"})
  public static int[] histogram(int[] values, Map<String, ?> options) {
    return values;
  }

  @Remote
  public static String join(String separator, String... parts) {
    return String.join(separator, parts);
  }

  @Remote
  public static String[] copy(String[] items) {
    return items.clone();
  }

  @Remote
  public static double scale(double x) {
    return x;
  }

  @Remote
  public static double scale(double x, double factor) {
    return x * factor;
  }

  @Remote
  public static long now() {
    return 42;
  }

  /** Not remote: no stub. */
  public static int local(int x) {
    return x;
  }
}
