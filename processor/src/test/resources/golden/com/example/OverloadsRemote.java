package com.example;

import io.jray.ObjectRef;
import io.jray.internal.stub.Stubs;
import io.jray.internal.stub.TaskFunction;
import javax.annotation.processing.Generated;

/**
 * Remote stubs for {@link Overloads}: each method submits a task and returns
 * an {@link ObjectRef} to its result at once.
 */
@Generated("io.jray.processor.RemoteProcessor")
public final class OverloadsRemote {
  private static final TaskFunction<Integer> SIZE = TaskFunction.of(
      OverloadsRemote.class, "size(java.lang.String)",
      "com.example.Overloads.size", 3,
      args -> Overloads.size((String) args[0]));

  private static final TaskFunction<Integer> SIZE_2 = TaskFunction.of(
      OverloadsRemote.class, "size(java.lang.Integer)",
      "com.example.Overloads.size", 3,
      args -> Overloads.size((Integer) args[0]));

  private static final TaskFunction<String> PAD = TaskFunction.of(
      OverloadsRemote.class, "pad(java.lang.String,int)",
      "com.example.Overloads.pad", 3,
      args -> Overloads.pad((String) args[0], (int) args[1]));

  private static final TaskFunction<String> PAD_2 = TaskFunction.of(
      OverloadsRemote.class, "pad(java.lang.StringBuilder,int)",
      "com.example.Overloads.pad", 3,
      args -> Overloads.pad((StringBuilder) args[0], (int) args[1]));

  private static final TaskFunction<Integer> SUM7 = TaskFunction.of(
      OverloadsRemote.class, "sum7(int,int,int,int,int,int,int)",
      "com.example.Overloads.sum7", 3,
      args -> Overloads.sum7((int) args[0], (int) args[1], (int) args[2], (int) args[3],
          (int) args[4], (int) args[5], (int) args[6]));

  private OverloadsRemote() {
  }

  /**
   * Runs {@link Overloads#size(String)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Integer> size(String s) {
    return Stubs.submit(SIZE, s);
  }

  /**
   * Runs {@link Overloads#size(Integer)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Integer> size(Integer i) {
    return Stubs.submit(SIZE_2, i);
  }

  /**
   * Runs {@link Overloads#pad(String, int)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<String> pad(String s, int width) {
    return Stubs.submit(PAD, s, width);
  }

  /**
   * Runs {@link Overloads#pad(String, int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code width} is ready,
   * and receives its value.
   */
  public static ObjectRef<String> pad(String s, ObjectRef<Integer> width) {
    return Stubs.submit(PAD, s, width);
  }

  /**
   * Runs {@link Overloads#pad(StringBuilder, int)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<String> pad(StringBuilder s, int width) {
    return Stubs.submit(PAD_2, s, width);
  }

  /**
   * Runs {@link Overloads#pad(StringBuilder, int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code width} is ready,
   * and receives its value.
   */
  public static ObjectRef<String> pad(StringBuilder s, ObjectRef<Integer> width) {
    return Stubs.submit(PAD_2, s, width);
  }

  /**
   * Runs {@link Overloads#sum7(int, int, int, int, int, int, int)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Integer> sum7(int a, int b, int c, int d, int e, int f, int g) {
    return Stubs.submit(SUM7, a, b, c, d, e, f, g);
  }

  /**
   * Runs {@link Overloads#sum7(int, int, int, int, int, int, int)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the refs given for {@code a}, {@code b}, {@code c}, {@code d}, {@code e}, {@code f}, {@code g} are ready,
   * and receives their values.
   */
  public static ObjectRef<Integer> sum7(ObjectRef<Integer> a, ObjectRef<Integer> b,
      ObjectRef<Integer> c, ObjectRef<Integer> d, ObjectRef<Integer> e, ObjectRef<Integer> f,
      ObjectRef<Integer> g) {
    return Stubs.submit(SUM7, a, b, c, d, e, f, g);
  }
}
