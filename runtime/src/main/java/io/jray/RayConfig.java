package io.jray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options for {@link Ray#init(RayConfig)}. Build one with {@link #builder()}; every option has a
 * default that suits one machine.
 */
public final class RayConfig {

  /** How much jray itself says, as Ray's {@code logging_level}. User output is never filtered. */
  public enum LogLevel {
    /** Everything, for finding a problem. */
    DEBUG,
    /** What the session does, such as the dashboard's address; and warnings and errors. */
    INFO,
    /** Warnings and errors. */
    WARN,
    /** Errors only. */
    ERROR,
    /** Nothing. */
    OFF
  }

  /** The dashboard's address unless {@link Builder#dashboardHost} says otherwise: loopback. */
  public static final String DEFAULT_DASHBOARD_HOST = "127.0.0.1";
  /** The dashboard's port unless {@link Builder#dashboardPort} says otherwise: Ray's. */
  public static final int DEFAULT_DASHBOARD_PORT = 8265;
  /** Finished tasks kept for listing unless {@link Builder#maxFinishedTasks} says otherwise. */
  public static final int DEFAULT_MAX_FINISHED_TASKS = 100_000;

  private final int numCpus;
  private final double numGpus;
  private final Map<String, Double> resources;
  private final boolean ignoreReinitError;
  private final LogLevel logLevel;
  private final long storeCapacityBytes;
  private final List<String> workerJvmOptions;
  private final Path spillDirectory;
  private final boolean includeDashboard;
  private final String dashboardHost;
  private final int dashboardPort;
  private final int maxFinishedTasks;
  private final int maxWorkers;
  private final Tuning tuning;
  private final String address;
  private final String clusterToken;
  private final String namespace;

  private RayConfig(Builder builder) {
    this.numCpus = builder.numCpus;
    this.numGpus = builder.numGpus;
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
    this.ignoreReinitError = builder.ignoreReinitError;
    this.logLevel = builder.logLevel;
    this.storeCapacityBytes = builder.storeCapacityBytes;
    this.workerJvmOptions = List.copyOf(builder.workerJvmOptions);
    this.spillDirectory = builder.spillDirectory;
    this.includeDashboard = builder.includeDashboard;
    this.dashboardHost = builder.dashboardHost;
    this.dashboardPort = builder.dashboardPort;
    this.maxFinishedTasks = builder.maxFinishedTasks;
    this.maxWorkers = builder.maxWorkers;
    this.tuning = builder.tuning != null ? builder.tuning : Tuning.builder().build();
    this.address = builder.address;
    this.clusterToken = builder.clusterToken;
    this.namespace = builder.namespace;
  }

  /**
   * Starts a config.
   *
   * @return a builder with every default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: one worker per core, errors on re-init, INFO logging, the dashboard on.
   *
   * @return a config with every default
   */
  public static RayConfig defaults() {
    return builder().build();
  }

  /**
   * Worker processes for tasks: the number of tasks that run at once.
   *
   * @return how many tasks run at once
   */
  public int numCpus() {
    return numCpus;
  }

  /**
   * GPUs this machine offers to tasks and actors (default 0): devices 0 to numGpus-1.
   *
   * @return the GPUs this machine offers
   */
  public double numGpus() {
    return numGpus;
  }

  /**
   * Custom resources this machine offers, by name (default none).
   *
   * @return each custom resource's amount, by name
   */
  public Map<String, Double> resources() {
    return resources;
  }

  /**
   * Whether a second {@code Ray.init} is a no-op instead of an error.
   *
   * @return whether a second init is ignored
   */
  public boolean ignoreReinitError() {
    return ignoreReinitError;
  }

  /**
   * How much jray itself logs.
   *
   * @return the least level logged
   */
  public LogLevel logLevel() {
    return logLevel;
  }

  /**
   * Bytes of values the object store holds; 0 picks a default from the size of /dev/shm.
   *
   * @return the store's capacity in bytes, or 0 for the default
   */
  public long storeCapacityBytes() {
    return storeCapacityBytes;
  }

  /**
   * Extra options for every worker JVM, such as {@code -Xmx2g}.
   *
   * @return the extra options for every worker JVM
   */
  public List<String> workerJvmOptions() {
    return workerJvmOptions;
  }

  /**
   * Where large objects go on disk when the store is full, or null for a private folder under
   * {@code java.io.tmpdir}; removed at shutdown.
   *
   * @return the spill folder
   */
  public Path spillDirectory() {
    return spillDirectory;
  }

  /**
   * Whether {@code Ray.init} starts the dashboard (a web page of the session's state).
   *
   * @return whether {@code Ray.init} starts the dashboard
   */
  public boolean includeDashboard() {
    return includeDashboard;
  }

  /**
   * The address the dashboard listens on; loopback unless set.
   *
   * @return the address the dashboard listens on
   */
  public String dashboardHost() {
    return dashboardHost;
  }

  /**
   * The dashboard's port; 0 means any free port.
   *
   * @return the dashboard's port
   */
  public int dashboardPort() {
    return dashboardPort;
  }

  /**
   * How many finished tasks the state API and the dashboard keep for listing.
   *
   * @return how many finished tasks are kept for listing
   */
  public int maxFinishedTasks() {
    return maxFinishedTasks;
  }

  /**
   * The most worker processes the task pool may grow to while tasks wait in {@code get}; 0 (the
   * default) lets it grow as long as the machine's memory allows.
   *
   * @return the most worker processes, or 0 for no limit but memory
   */
  public int maxWorkers() {
    return maxWorkers;
  }

  /**
   * Advanced: the runtime's performance knobs, for every process of the session.
   *
   * @return the performance knobs
   */
  public Tuning tuning() {
    return tuning;
  }

  /**
   * A node of the cluster to run on ("host:port"), or null to run on this machine alone.
   *
   * @return a node's "host:port", or null
   */
  public String address() {
    return address;
  }

  /**
   * The cluster's token, or null to take it from {@code JRAY_CLUSTER_TOKEN}.
   *
   * @return the cluster's token, or null
   */
  public String clusterToken() {
    return clusterToken;
  }

  /**
   * Where this driver's named actors live in a cluster; "default" unless set.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  /** Collects options; {@link #build()} checks them. */
  public static final class Builder {
    private int numCpus = Runtime.getRuntime().availableProcessors();
    private double numGpus;
    private final Map<String, Double> resources = new LinkedHashMap<>();
    private boolean ignoreReinitError;
    private LogLevel logLevel = LogLevel.INFO;
    private long storeCapacityBytes;
    private final List<String> workerJvmOptions = new ArrayList<>();
    private Path spillDirectory;
    private boolean includeDashboard = true;
    private String dashboardHost = DEFAULT_DASHBOARD_HOST;
    private int dashboardPort = DEFAULT_DASHBOARD_PORT;
    private int maxFinishedTasks = DEFAULT_MAX_FINISHED_TASKS;
    private int maxWorkers;
    private Tuning tuning;
    private String address;
    private String clusterToken;
    private String namespace = "default";

    private Builder() {}

    /**
     * CPUs of this machine, as Ray's {@code num_cpus}: how many tasks run at once, and the worker
     * pool's size; default: one per core.
     *
     * @param numCpus the CPUs
     * @return this builder
     */
    public Builder numCpus(int numCpus) {
      this.numCpus = numCpus;
      return this;
    }

    /**
     * GPUs this machine offers, as Ray's {@code num_gpus} (default 0: jray does not look for
     * devices). A task or actor that asks for GPUs gets the ids of those it holds.
     *
     * @param numGpus GPUs this machine offers
     * @return this builder
     */
    public Builder numGpus(int numGpus) {
      if (numGpus < 0) {
        throw new IllegalArgumentException("numGpus must be 0 or more, was " + numGpus);
      }
      this.numGpus = numGpus;
      return this;
    }

    /**
     * A custom resource this machine offers, as Ray's {@code resources={"special": 1}}: tasks
     * and actors that ask for it run only while the amount they ask for is free.
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
     * Make a second {@code Ray.init} a no-op instead of an error, as Ray's flag of that name.
     *
     * @param ignoreReinitError whether a second {@code Ray.init} is a no-op
     * @return this builder
     */
    public Builder ignoreReinitError(boolean ignoreReinitError) {
      this.ignoreReinitError = ignoreReinitError;
      return this;
    }

    /**
     * How much jray itself logs, as Ray's {@code logging_level}.
     *
     * @param logLevel the least level logged
     * @return this builder
     */
    public Builder logLevel(LogLevel logLevel) {
      this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
      return this;
    }

    /**
     * Bytes of values the object store may hold; 0, the default, picks one from the size of /dev/shm.
     *
     * @param storeCapacityBytes the capacity in bytes, or 0
     * @return this builder
     */
    public Builder storeCapacityBytes(long storeCapacityBytes) {
      this.storeCapacityBytes = storeCapacityBytes;
      return this;
    }

    /**
     * A folder for objects spilled from a full store; jray creates it and removes it. One live
     * session at a time may use it: {@code Ray.init} fails if another one does. What a session
     * that died left in it is removed, and the folder reused.
     *
     * @param spillDirectory a folder for objects spilled from a full store
     * @return this builder
     */
    public Builder spillDirectory(Path spillDirectory) {
      this.spillDirectory = Objects.requireNonNull(spillDirectory, "spillDirectory");
      return this;
    }

    /**
     * Adds an option to every worker JVM's command line, such as {@code -Xmx2g}.
     *
     * @param option the option
     * @return this builder
     */
    public Builder addWorkerJvmOption(String option) {
      workerJvmOptions.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    /**
     * Whether to start the dashboard, as Ray's {@code include_dashboard}; default true. Without it
     * {@code Ray.state()} still works.
     *
     * @param includeDashboard whether to start the dashboard
     * @return this builder
     */
    public Builder includeDashboard(boolean includeDashboard) {
      this.includeDashboard = includeDashboard;
      return this;
    }

    /**
     * The address the dashboard listens on, as Ray's {@code dashboard_host}; default
     * {@value #DEFAULT_DASHBOARD_HOST}, reachable from this machine only (and only by a loopback
     * name, against DNS rebinding). {@code "0.0.0.0"} or any other address beyond loopback makes
     * it reachable from the network, behind a random token per session: the logged address and
     * {@code Ray.state().dashboardUrl()} carry it as {@code ?token=}; requests without it get 401.
     *
     * @param dashboardHost the address the dashboard listens on
     * @return this builder
     */
    public Builder dashboardHost(String dashboardHost) {
      this.dashboardHost = Objects.requireNonNull(dashboardHost, "dashboardHost");
      return this;
    }

    /**
     * The dashboard's port, as Ray's {@code dashboard_port}; default {@value
     * #DEFAULT_DASHBOARD_PORT}. 0 takes any free port. If the port is in use, the dashboard says
     * so and takes a free one; {@code Ray.state().dashboardUrl()} tells which.
     *
     * @param dashboardPort the dashboard's port
     * @return this builder
     */
    public Builder dashboardPort(int dashboardPort) {
      this.dashboardPort = dashboardPort;
      return this;
    }

    /**
     * How many finished tasks to keep for {@code Ray.state().tasks(...)} and the dashboard;
     * default {@value #DEFAULT_MAX_FINISHED_TASKS}, as Ray's. Older ones are dropped from the
     * lists; the counts of finished and failed tasks stay exact.
     *
     * @param maxFinishedTasks how many finished tasks to keep for {@code Ray.state().tasks(...)}
     *     and the dashboard
     * @return this builder
     */
    public Builder maxFinishedTasks(int maxFinishedTasks) {
      this.maxFinishedTasks = maxFinishedTasks;
      return this;
    }

    /**
     * The most worker processes the task pool may grow to: it starts {@code numCpus} and grows
     * while every worker's task waits in {@code get} or {@code wait} for tasks that have not
     * started (nested tasks). Default 0: as long as the machine's memory allows. Where the pool
     * cannot grow, a task that no worker can start fails, and so does the wait for it.
     *
     * @param maxWorkers the most worker processes the task pool may grow to
     * @return this builder
     */
    public Builder maxWorkers(int maxWorkers) {
      this.maxWorkers = maxWorkers;
      return this;
    }

    /**
     * Advanced: performance knobs ({@link Tuning}) for the driver and every worker it starts;
     * without it, {@link Tuning#builder()}'s defaults.
     *
     * @param tuning performance knobs
     * @return this builder
     */
    public Builder tuning(Tuning tuning) {
      this.tuning = Objects.requireNonNull(tuning, "tuning");
      return this;
    }

    /**
     * Runs the program on a cluster: {@code address} is any node's ("host:port", as {@code jray
     * start} printed it). The driver's tasks go to the nodes; without it (the default) everything
     * runs on this machine and no cluster client starts.
     *
     * @param address any node's address, "host:port"
     * @return this builder
     */
    public Builder address(String address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The cluster's shared secret; default: the {@code JRAY_CLUSTER_TOKEN} environment variable.
     *
     * @param clusterToken the cluster's shared secret
     * @return this builder
     */
    public Builder clusterToken(String clusterToken) {
      this.clusterToken = Objects.requireNonNull(clusterToken, "clusterToken");
      return this;
    }

    /**
     * The namespace of this driver's named actors in a cluster; default "default".
     *
     * @param namespace the namespace of this driver's named actors in a cluster
     * @return this builder
     */
    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * The config.
     *
     * @return the config, as set
     */
    public RayConfig build() {
      if (maxWorkers < 0) {
        throw new IllegalArgumentException("maxWorkers must be 0 (as memory allows) or more, was "
            + maxWorkers);
      }
      if (maxWorkers > 0 && maxWorkers < numCpus) {
        throw new IllegalArgumentException("maxWorkers (" + maxWorkers + ") must be at least"
            + " numCpus (" + numCpus + "): the pool starts with numCpus workers.");
      }
      if (dashboardPort < 0 || dashboardPort > 65535) {
        throw new IllegalArgumentException("dashboardPort must be between 0 (any free port) and"
            + " 65535, was " + dashboardPort);
      }
      if (dashboardHost.isBlank()) {
        throw new IllegalArgumentException("dashboardHost must name an address, such as"
            + " 127.0.0.1 (the default) or 0.0.0.0 (every interface)");
      }
      if (maxFinishedTasks < 0) {
        throw new IllegalArgumentException(
            "maxFinishedTasks must be 0 or more, was " + maxFinishedTasks);
      }
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
    return "RayConfig(numCpus=" + numCpus
        + (numGpus == 0 ? "" : ", numGpus=" + numGpus)
        + (resources.isEmpty() ? "" : ", resources=" + resources)
        + ", ignoreReinitError=" + ignoreReinitError
        + ", logLevel=" + logLevel + ", storeCapacityBytes=" + storeCapacityBytes
        + ", dashboard=" + (includeDashboard ? dashboardHost + ":" + dashboardPort : "off")
        + (tuning.isDefault() ? "" : ", tuning=" + tuning)
        + (address == null ? "" : ", address=" + address + ", namespace=" + namespace) + ")";
  }
}
