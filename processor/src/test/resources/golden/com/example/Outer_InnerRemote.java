package com.example;

import io.jray.ObjectRef;
import io.jray.internal.stub.Stubs;
import io.jray.internal.stub.TaskFunction;
import javax.annotation.processing.Generated;

/**
 * Remote stubs for {@link Outer.Inner}: each method submits a task and returns
 * an {@link ObjectRef} to its result at once.
 */
@Generated("io.jray.processor.RemoteProcessor")
public final class Outer_InnerRemote {
  private static final TaskFunction<Boolean> IS_EVEN = TaskFunction.of(
      Outer_InnerRemote.class, "isEven(long)",
      "com.example.Outer.Inner.isEven", 3,
      args -> Outer.Inner.isEven((long) args[0]));

  private Outer_InnerRemote() {
  }

  /**
   * Runs {@link Outer.Inner#isEven(long)} as a remote task;
   * returns a ref to its result at once.
   */
  public static ObjectRef<Boolean> isEven(long n) {
    return Stubs.submit(IS_EVEN, n);
  }

  /**
   * Runs {@link Outer.Inner#isEven(long)} as a remote task;
   * returns a ref to its result at once.
   *
   * <p>The task starts once the ref given for {@code n} is ready,
   * and receives its value.
   */
  public static ObjectRef<Boolean> isEven(ObjectRef<Long> n) {
    return Stubs.submit(IS_EVEN, n);
  }
}
