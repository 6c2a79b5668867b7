package com.example;

import io.jray.ObjectRef;
import io.jray.ObjectRefGenerator;
import io.jray.internal.stub.Stubs;
import io.jray.internal.stub.TaskFunction;
import javax.annotation.processing.Generated;

/**
 * Remote stubs for {@link Jobs}: each method submits a task and returns
 * an {@link ObjectRef} to its result at once.
 */
@Generated("io.jray.processor.RemoteProcessor")
public final class JobsRemote {
  private static final TaskFunction<Integer> COUNT_TO = TaskFunction.ofGenerator(
      JobsRemote.class, "countTo(int,long)",
      "com.example.Jobs.countTo", 3, "",
      args -> Jobs.countTo((int) args[0], (long) args[1]));

  private static final TaskFunction<String> WORDS = TaskFunction.ofGenerator(
      JobsRemote.class, "words(java.lang.String)",
      "com.example.Jobs.words", 0, "CPU=2",
      args -> Jobs.words((String) args[0]));

  private JobsRemote() {
  }

  /**
   * Runs {@link Jobs#countTo(int, long)} as a remote task;
   * returns at once a generator that hands out a ref to each value as it is produced.
   */
  public static ObjectRefGenerator<Integer> countTo(int n, long pauseMillis) {
    return Stubs.submitGenerator(COUNT_TO, n, pauseMillis);
  }

  /**
   * Runs {@link Jobs#countTo(int, long)} as a remote task;
   * returns at once a generator that hands out a ref to each value as it is produced.
   *
   * <p>The task starts once the ref given for {@code n} is ready,
   * and receives its value.
   */
  public static ObjectRefGenerator<Integer> countTo(ObjectRef<Integer> n, long pauseMillis) {
    return Stubs.submitGenerator(COUNT_TO, n, pauseMillis);
  }

  /**
   * Runs {@link Jobs#countTo(int, long)} as a remote task;
   * returns at once a generator that hands out a ref to each value as it is produced.
   *
   * <p>The task starts once the ref given for {@code pauseMillis} is ready,
   * and receives its value.
   */
  public static ObjectRefGenerator<Integer> countTo(int n, ObjectRef<Long> pauseMillis) {
    return Stubs.submitGenerator(COUNT_TO, n, pauseMillis);
  }

  /**
   * Runs {@link Jobs#countTo(int, long)} as a remote task;
   * returns at once a generator that hands out a ref to each value as it is produced.
   *
   * <p>The task starts once the refs given for {@code n}, {@code pauseMillis} are ready,
   * and receives their values.
   */
  public static ObjectRefGenerator<Integer> countTo(ObjectRef<Integer> n,
      ObjectRef<Long> pauseMillis) {
    return Stubs.submitGenerator(COUNT_TO, n, pauseMillis);
  }

  /**
   * Runs {@link Jobs#words(String)} as a remote task;
   * returns at once a generator that hands out a ref to each value as it is produced.
   */
  public static ObjectRefGenerator<String> words(String text) {
    return Stubs.submitGenerator(WORDS, text);
  }

  /**
   * Runs {@link Jobs#words(String)} as a remote task;
   * returns at once a generator that hands out a ref to each value as it is produced.
   *
   * <p>The task starts once the ref given for {@code text} is ready,
   * and receives its value.
   */
  public static ObjectRefGenerator<String> words(ObjectRef<String> text) {
    return Stubs.submitGenerator(WORDS, text);
  }
}
