package io.jray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options for {@link Ray#init(RayConfig)}. Build one with {@link #builder()}; every option has a
 * default that suits one machine.
 */
public final class RayConfig {

  /** How much jray itself says, as Ray's {@code logging_level}. User output is never filtered. */
  public enum LogLevel {
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
  }

  private final int numCpus;
  private final boolean ignoreReinitError;
  private final LogLevel logLevel;
  private final long storeCapacityBytes;
  private final List<String> workerJvmOptions;
  private final Path spillDirectory;

  private RayConfig(Builder builder) {
    this.numCpus = builder.numCpus;
    this.ignoreReinitError = builder.ignoreReinitError;
    this.logLevel = builder.logLevel;
    this.storeCapacityBytes = builder.storeCapacityBytes;
    this.workerJvmOptions = List.copyOf(builder.workerJvmOptions);
    this.spillDirectory = builder.spillDirectory;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: one worker per core, errors on re-init, INFO logging. */
  public static RayConfig defaults() {
    return builder().build();
  }

  /** Worker processes for tasks: the number of tasks that run at once. */
  public int numCpus() {
    return numCpus;
  }

  public boolean ignoreReinitError() {
    return ignoreReinitError;
  }

  public LogLevel logLevel() {
    return logLevel;
  }

  /** Bytes of values the object store holds; 0 picks a default from the size of /dev/shm. */
  public long storeCapacityBytes() {
    return storeCapacityBytes;
  }

  /** Extra options for every worker JVM, such as {@code -Xmx2g}. */
  public List<String> workerJvmOptions() {
    return workerJvmOptions;
  }

  /**
   * Where large objects go on disk when the store is full, or null for a private folder under
   * {@code java.io.tmpdir}; removed at shutdown.
   */
  public Path spillDirectory() {
    return spillDirectory;
  }

  /** Collects options; {@link #build()} checks them. */
  public static final class Builder {
    private int numCpus = Runtime.getRuntime().availableProcessors();
    private boolean ignoreReinitError;
    private LogLevel logLevel = LogLevel.INFO;
    private long storeCapacityBytes;
    private final List<String> workerJvmOptions = new ArrayList<>();
    private Path spillDirectory;

    private Builder() {}

    public Builder numCpus(int numCpus) {
      this.numCpus = numCpus;
      return this;
    }

    /** Make a second {@code Ray.init} a no-op instead of an error, as Ray's flag of that name. */
    public Builder ignoreReinitError(boolean ignoreReinitError) {
      this.ignoreReinitError = ignoreReinitError;
      return this;
    }

    public Builder logLevel(LogLevel logLevel) {
      this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
      return this;
    }

    public Builder storeCapacityBytes(long storeCapacityBytes) {
      this.storeCapacityBytes = storeCapacityBytes;
      return this;
    }

    /** A folder for objects spilled from a full store; jray creates it and removes it. */
    public Builder spillDirectory(Path spillDirectory) {
      this.spillDirectory = Objects.requireNonNull(spillDirectory, "spillDirectory");
      return this;
    }

    public Builder addWorkerJvmOption(String option) {
      workerJvmOptions.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    public RayConfig build() {
      if (numCpus < 1) {
        throw new IllegalArgumentException(
            "numCpus must be at least 1, was " + numCpus + ": it is how many tasks run at once.");
      }
      if (storeCapacityBytes < 0) {
        throw new IllegalArgumentException(
            "storeCapacityBytes must be 0 (the default) or positive, was " + storeCapacityBytes);
      }
      return new RayConfig(this);
    }
  }

  @Override
  public String toString() {
    return "RayConfig(numCpus=" + numCpus + ", ignoreReinitError=" + ignoreReinitError
        + ", logLevel=" + logLevel + ", storeCapacityBytes=" + storeCapacityBytes + ")";
  }
}
