package com.example;

import io.jray.ObjectRef;
import io.jray.internal.stub.Stubs;
import io.jray.internal.stub.TaskFunction;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Remote stubs for {@link Squares}: each method submits a task and returns
 * an {@link ObjectRef} to its result at once.
 */
@Generated("io.jray.processor.RemoteProcessor")
public final class SquaresRemote {
  private static final TaskFunction<Double> SUM_SQUARES = TaskFunction.of(
      SquaresRemote.class, "sumSquares(int,int)",
      "com.example.Squares.sumSquares", 3,
      args -> Squares.sumSquares((int) args[0], (int) args[1]));

  @SuppressWarnings("unchecked")
  private static final TaskFunction<Long> TOTAL = TaskFunction.of(
      SquaresRemote.class, "total(java.util.List)",
      "com.example.Squares.total", 3,
      args -> Squares.total((List<Integer>) args[0]));

  private static final TaskFunction<Void> LOG = TaskFunction.of(
      SquaresRemote.class, "log(java.lang.String)",
      "com.example.Squares.log", 0,
      args -> {
        Squares.log((String) args[0]);
        return null;
      });

  @SuppressWarnings("unchecked")
  private static final TaskFunction<Map<String, List<Integer>>> INDEX = TaskFunction.of(
      SquaresRemote.class, "index(java.util.List)",
      "com.example.Squares.index", 3,
      args -> Squares.index((List<? extends CharSequence>) args[0]));

  @SuppressWarnings("unchecked")
  private static final TaskFunction<int[]> HISTOGRAM = TaskFunction.of(
      SquaresRemote.class, "histogram(int[],java.util.Map)",
      "com.example.Squares.histogram", 3, "CPU=0.5,GPU=1,memory=1048576,special=1,disk=2",
      args -> Squares.histogram((int[]) args[0], (Map<String, ?>) args[1]));

  private static final TaskFunction<String> JOIN = TaskFunction.of(
      SquaresRemote.class, "join(java.lang.String,java.lang.String[])",
      "com.example.Squares.join", 3,
      args -> Squares.join((String) args[0], (String[]) args[1]));

  private static final TaskFunction<String[]> COPY = TaskFunction.of(
      SquaresRemote.class, "copy(java.lang.String[])",
      "com.example.Squares.copy", 3,
      args -> Squares.copy((String[]) args[0]));

  private static final TaskFunction<Double> SCALE = TaskFunction.of(
      SquaresRemote.class, "scale(double)",
      "com.example.Squares.scale", 3,
      args -> Squares.scale((double) args[0]));

  private static final TaskFunction<Double> SCALE_2 = TaskFunction.of(
      SquaresRemote.class, "scale(double,double)",
      "com.example.Squares.scale", 3,
      args -> Squares.scale((double) args[0], (double) args[1]));

  private static final TaskFunction<Long> NOW = TaskFunction.of(
      SquaresRemote.class, "now()",
      "com.example.Squares.now", 3,
      args -> Squares.now());

  private SquaresRemote() {
  }

  /**
   * Runs {@link Squares#sumSquares(int, int)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Double> sumSquares(int a, int b) {
    return Stubs.submit(SUM_SQUARES, a, b);
  }

  /**
   * Runs {@link Squares#sumSquares(int, int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code a} is ready,
   * and receives its value.
   */
  public static ObjectRef<Double> sumSquares(ObjectRef<Integer> a, int b) {
    return Stubs.submit(SUM_SQUARES, a, b);
  }

  /**
   * Runs {@link Squares#sumSquares(int, int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code b} is ready,
   * and receives its value.
   */
  public static ObjectRef<Double> sumSquares(int a, ObjectRef<Integer> b) {
    return Stubs.submit(SUM_SQUARES, a, b);
  }

  /**
   * Runs {@link Squares#sumSquares(int, int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the refs given for {@code a}, {@code b} are ready,
   * and receives their values.
   */
  public static ObjectRef<Double> sumSquares(ObjectRef<Integer> a, ObjectRef<Integer> b) {
    return Stubs.submit(SUM_SQUARES, a, b);
  }

  /**
   * Runs {@link Squares#total(List)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Long> total(List<Integer> xs) {
    return Stubs.submit(TOTAL, xs);
  }

  /**
   * Runs {@link Squares#total(List)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code xs} is ready,
   * and receives its value.
   */
  public static ObjectRef<Long> total(ObjectRef<? extends List<Integer>> xs) {
    return Stubs.submit(TOTAL, xs);
  }

  /**
   * Runs {@link Squares#log(String)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Void> log(String message) {
    return Stubs.submit(LOG, message);
  }

  /**
   * Runs {@link Squares#log(String)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code message} is ready,
   * and receives its value.
   */
  public static ObjectRef<Void> log(ObjectRef<String> message) {
    return Stubs.submit(LOG, message);
  }

  /**
   * Runs {@link Squares#index(List)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Map<String, List<Integer>>> index(List<? extends CharSequence> words) {
    return Stubs.submit(INDEX, words);
  }

  /**
   * Runs {@link Squares#index(List)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code words} is ready,
   * and receives its value.
   */
  public static ObjectRef<Map<String, List<Integer>>> index(
      ObjectRef<? extends List<? extends CharSequence>> words) {
    return Stubs.submit(INDEX, words);
  }

  /**
   * Runs {@link Squares#histogram(int[], Map)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<int[]> histogram(int[] values, Map<String, ?> options) {
    return Stubs.submit(HISTOGRAM, values, options);
  }

  /**
   * Runs {@link Squares#histogram(int[], Map)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code values} is ready,
   * and receives its value.
   */
  public static ObjectRef<int[]> histogram(ObjectRef<int[]> values, Map<String, ?> options) {
    return Stubs.submit(HISTOGRAM, values, options);
  }

  /**
   * Runs {@link Squares#histogram(int[], Map)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code options} is ready,
   * and receives its value.
   */
  public static ObjectRef<int[]> histogram(int[] values,
      ObjectRef<? extends Map<String, ?>> options) {
    return Stubs.submit(HISTOGRAM, values, options);
  }

  /**
   * Runs {@link Squares#histogram(int[], Map)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the refs given for {@code values}, {@code options} are ready,
   * and receives their values.
   */
  public static ObjectRef<int[]> histogram(ObjectRef<int[]> values,
      ObjectRef<? extends Map<String, ?>> options) {
    return Stubs.submit(HISTOGRAM, values, options);
  }

  /**
   * Runs {@link Squares#join(String, String[])} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<String> join(String separator, String... parts) {
    return Stubs.submit(JOIN, separator, parts);
  }

  /**
   * Runs {@link Squares#join(String, String[])} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code separator} is ready,
   * and receives its value.
   */
  public static ObjectRef<String> join(ObjectRef<String> separator, String... parts) {
    return Stubs.submit(JOIN, separator, parts);
  }

  /**
   * Runs {@link Squares#join(String, String[])} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code parts} is ready,
   * and receives its value.
   */
  public static ObjectRef<String> join(String separator, ObjectRef<String[]> parts) {
    return Stubs.submit(JOIN, separator, parts);
  }

  /**
   * Runs {@link Squares#join(String, String[])} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the refs given for {@code separator}, {@code parts} are ready,
   * and receives their values.
   */
  public static ObjectRef<String> join(ObjectRef<String> separator, ObjectRef<String[]> parts) {
    return Stubs.submit(JOIN, separator, parts);
  }

  /**
   * Runs {@link Squares#copy(String[])} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<String[]> copy(String[] items) {
    return Stubs.submit(COPY, new Object[] {items});
  }

  /**
   * Runs {@link Squares#copy(String[])} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code items} is ready,
   * and receives its value.
   */
  public static ObjectRef<String[]> copy(ObjectRef<String[]> items) {
    return Stubs.submit(COPY, items);
  }

  /**
   * Runs {@link Squares#scale(double)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Double> scale(double x) {
    return Stubs.submit(SCALE, x);
  }

  /**
   * Runs {@link Squares#scale(double)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code x} is ready,
   * and receives its value.
   */
  public static ObjectRef<Double> scale(ObjectRef<Double> x) {
    return Stubs.submit(SCALE, x);
  }

  /**
   * Runs {@link Squares#scale(double, double)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Double> scale(double x, double factor) {
    return Stubs.submit(SCALE_2, x, factor);
  }

  /**
   * Runs {@link Squares#scale(double, double)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code x} is ready,
   * and receives its value.
   */
  public static ObjectRef<Double> scale(ObjectRef<Double> x, double factor) {
    return Stubs.submit(SCALE_2, x, factor);
  }

  /**
   * Runs {@link Squares#scale(double, double)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code factor} is ready,
   * and receives its value.
   */
  public static ObjectRef<Double> scale(double x, ObjectRef<Double> factor) {
    return Stubs.submit(SCALE_2, x, factor);
  }

  /**
   * Runs {@link Squares#scale(double, double)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the refs given for {@code x}, {@code factor} are ready,
   * and receives their values.
   */
  public static ObjectRef<Double> scale(ObjectRef<Double> x, ObjectRef<Double> factor) {
    return Stubs.submit(SCALE_2, x, factor);
  }

  /**
   * Runs {@link Squares#now()} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Long> now() {
    return Stubs.submit(NOW);
  }
}
