package io.jray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Options for particular task calls, as Ray's {@code f.options(max_retries=..., num_cpus=...)}:
 * every task that the given code submits from this thread gets them.
 *
 * <pre>{@code
 * ObjectRef<Double> ref = TaskOptions.builder().maxRetries(5).retryExceptions(true).build()
 *     .run(() -> SquaresRemote.sumSquares(1, 10));
 * TaskOptions.builder().retryExceptions(IOException.class, TimeoutException.class).build()
 *     .run(() -> FetchRemote.fetch(url));   // other exceptions fail at once
 * TaskOptions.builder().numCpus(2).numGpus(1).resource("special", 1).build()
 *     .run(() -> SquaresRemote.sumSquares(1, n));
 * }</pre>
 *
 * <p>A resource set here replaces the task's own ({@code @Remote(numCpus = ...)}, else 1 CPU);
 * the others stay as the task declares them.
 */
public final class TaskOptions {
  private static final ThreadLocal<TaskOptions> CURRENT = new ThreadLocal<>();

  private final Integer maxRetries;
  private final boolean retryExceptions;
  private final List<String> retryOn;
  private final Map<String, Double> resources;

  private TaskOptions(Builder builder) {
    this.maxRetries = builder.maxRetries;
    this.retryExceptions = builder.retryExceptions;
    this.retryOn = List.copyOf(builder.retryOn);
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
  }

  /**
   * Starts options for tasks.
   *
   * @return a builder with every default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits the tasks that {@code calls} submits with these options; returns its result.
   *
   * @param calls code that calls stubs, such as {@code () -> SquaresRemote.f(x)}
   * @param <T> what {@code calls} returns
   * @return what {@code calls} returned
   */
  public <T> T run(Supplier<T> calls) {
    TaskOptions outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return calls.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /**
   * The options in force on this thread, or null.
   *
   * @return the options in force on this thread, or null
   */
  public static TaskOptions current() {
    return CURRENT.get();
  }

  /**
   * Retries allowed, or {@code fallback} (the method's {@code @Remote(maxRetries)}) if unset.
   *
   * @param fallback what to use when none is set
   * @return how many retries are allowed
   */
  public int maxRetriesOr(int fallback) {
    return maxRetries == null ? fallback : maxRetries;
  }

  /**
   * Whether an exception thrown by the task is retried too, not only a dead worker.
   *
   * @return whether exceptions are retried
   */
  public boolean retryExceptions() {
    return retryExceptions;
  }

  /**
   * The exception classes (binary names) that are retried, subclasses included, when
   * {@link #retryExceptions()} is on; empty: any {@code Exception}.
   *
   * @return the names of the exception classes retried, or empty for any
   */
  public List<String> retryOn() {
    return retryOn;
  }

  /**
   * The resources these options set, by name ({@code CPU}, {@code GPU}, {@code memory} in
   * bytes, custom ones); a resource not named keeps the task's own amount.
   *
   * @return the amount of each resource these options set, by name
   */
  public Map<String, Double> resources() {
    return resources;
  }

  /** Collects options. */
  public static final class Builder {
    private Integer maxRetries;
    private boolean retryExceptions;
    private final List<String> retryOn = new ArrayList<>();
    private final Map<String, Double> resources = new LinkedHashMap<>();

    private Builder() {}

    /**
     * How many times to run a task again when its worker dies or it throws (if opted in): one
     * budget for both, so a task runs at most {@code maxRetries + 1} times; -1 for no limit.
     *
     * @param maxRetries how many times to run a task again when its worker dies
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < -1) {
        throw new IllegalArgumentException(
            "maxRetries must be -1 (no limit), 0 or more, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Also retry when the task throws any {@code Exception} (off by default: most exceptions
     * would repeat); {@code false} also forgets the classes named before. Retries count against
     * {@link #maxRetries}, as retries after a worker died do.
     *
     * @param retryExceptions also retry when the task throws
     * @return this builder
     */
    public Builder retryExceptions(boolean retryExceptions) {
      this.retryExceptions = retryExceptions;
      if (!retryExceptions) {
        retryOn.clear();
      }
      return this;
    }

    /**
     * Also retry when the task throws one of these exceptions, or a subclass of one (as Ray's
     * {@code retry_exceptions=[...]}); other exceptions fail the task at once. Retries count
     * against {@link #maxRetries}, as retries after a worker died do.
     *
     * @param exceptionClasses the exceptions to retry on: at least one
     * @return this builder
     */
    @SafeVarargs
    public final Builder retryExceptions(Class<? extends Exception>... exceptionClasses) {
      if (exceptionClasses.length == 0) {
        throw new IllegalArgumentException("Name at least one exception class to retry on, or"
            + " use retryExceptions(true) to retry on any exception");
      }
      List<String> names = new ArrayList<>();
      for (Class<? extends Exception> type : exceptionClasses) {
        names.add(Objects.requireNonNull(type, "an exception class").getName());
      }
      if (names.size() > 255) {
        throw new IllegalArgumentException("At most 255 exception classes may be named, not "
            + names.size() + ": name a common superclass instead");
      }
      retryOn.clear();
      retryOn.addAll(names);
      this.retryExceptions = true;
      return this;
    }

    /**
     * CPUs the task holds while it runs (default 1; fractions such as 0.5 allowed).
     *
     * @param numCpus CPUs the task holds while it runs
     * @return this builder
     */
    public Builder numCpus(double numCpus) {
      Demands.putCpus(resources, numCpus);
      return this;
    }

    /**
     * GPUs the task holds while it runs: a whole number, or a fraction of one. It reads their
     * ids with {@code Ray.getRuntimeContext().getGpuIds()}.
     *
     * @param numGpus GPUs the task holds while it runs
     * @return this builder
     */
    public Builder numGpus(double numGpus) {
      Demands.putGpus(resources, numGpus);
      return this;
    }

    /**
     * A custom resource the task holds while it runs, as Ray's {@code resources={...}}.
     *
     * @param name the resource's name
     * @param amount how much of it
     * @return this builder
     */
    public Builder resource(String name, double amount) {
      Demands.putCustom(resources, name, amount);
      return this;
    }

    /**
     * Runs the task on the node with this id only (see {@code RuntimeContext.getAllNodeInfo()}),
     * as Ray's node affinity; it waits while that node is busy, and fails if it is gone.
     *
     * @param nodeId a node's id, as {@code NodeInfo.nodeId()} gives it
     * @return this builder
     */
    public Builder nodeAffinity(String nodeId) {
      Demands.putNodeAffinity(resources, nodeId);
      return this;
    }

    /**
     * Bytes of memory the task holds while it runs: it starts only where they are free.
     *
     * @param memoryBytes bytes of memory the task holds while it runs
     * @return this builder
     */
    public Builder memoryBytes(long memoryBytes) {
      Demands.putMemory(resources, memoryBytes);
      return this;
    }

    /**
     * The options.
     *
     * @return the options, as set
     */
    public TaskOptions build() {
      return new TaskOptions(this);
    }
  }

  @Override
  public String toString() {
    return "TaskOptions(maxRetries=" + maxRetries + ", retryExceptions=" + retryExceptions
        + (retryOn.isEmpty() ? "" : ", retryOn=" + retryOn)
        + (resources.isEmpty() ? "" : ", resources=" + resources) + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaskOptions
        && Objects.equals(((TaskOptions) other).maxRetries, maxRetries)
        && ((TaskOptions) other).retryExceptions == retryExceptions
        && ((TaskOptions) other).retryOn.equals(retryOn)
        && ((TaskOptions) other).resources.equals(resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRetries, retryExceptions, retryOn, resources);
  }
}
