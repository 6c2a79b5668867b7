package io.jray;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Options for particular task calls, as Ray's {@code f.options(max_retries=...)}: every task that
 * the given code submits from this thread gets them.
 *
 * <pre>{@code
 * ObjectRef<Double> ref = TaskOptions.builder().maxRetries(5).retryExceptions(true).build()
 *     .run(() -> SquaresRemote.sumSquares(1, 10));
 * }</pre>
 */
public final class TaskOptions {
  private static final ThreadLocal<TaskOptions> CURRENT = new ThreadLocal<>();

  private final Integer maxRetries;
  private final boolean retryExceptions;

  private TaskOptions(Builder builder) {
    this.maxRetries = builder.maxRetries;
    this.retryExceptions = builder.retryExceptions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Submits the tasks that {@code calls} submits with these options; returns its result. */
  public <T> T run(Supplier<T> calls) {
    TaskOptions outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return calls.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /** The options in force on this thread, or null. */
  public static TaskOptions current() {
    return CURRENT.get();
  }

  /** Retries allowed, or {@code fallback} (the method's {@code @Remote(maxRetries)}) if unset. */
  public int maxRetriesOr(int fallback) {
    return maxRetries == null ? fallback : maxRetries;
  }

  /** Whether an exception thrown by the task is retried too, not only a dead worker. */
  public boolean retryExceptions() {
    return retryExceptions;
  }

  /** Collects options. */
  public static final class Builder {
    private Integer maxRetries;
    private boolean retryExceptions;

    private Builder() {}

    /**
     * How many times to run a task again when its worker dies (or it throws, if opted in); -1
     * for no limit.
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < -1) {
        throw new IllegalArgumentException(
            "maxRetries must be -1 (no limit), 0 or more, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** Also retry when the task throws (off by default: most exceptions would repeat). */
    public Builder retryExceptions(boolean retryExceptions) {
      this.retryExceptions = retryExceptions;
      return this;
    }

    public TaskOptions build() {
      return new TaskOptions(this);
    }
  }

  @Override
  public String toString() {
    return "TaskOptions(maxRetries=" + maxRetries + ", retryExceptions=" + retryExceptions + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaskOptions
        && Objects.equals(((TaskOptions) other).maxRetries, maxRetries)
        && ((TaskOptions) other).retryExceptions == retryExceptions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRetries, retryExceptions);
  }
}
