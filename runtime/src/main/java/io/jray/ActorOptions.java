package io.jray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to create an actor, as Ray's {@code .options(...)}: a name to look it up by from anywhere
 * in the session, how many times to restart it when its process dies, and the resources it holds
 * from its creation to its death (none unless said here or in its {@code @Remote}, as in Ray),
 * and whether it runs alone in a JVM of its own.
 */
public final class ActorOptions {
  private static final ActorOptions DEFAULTS = builder().build();

  private final String name;
  private final Integer maxRestarts;
  private final int maxTaskRetries;
  private final Map<String, Double> resources;
  private final int maxConcurrency;
  private final boolean getIfExists;
  private final ActorLifetime lifetime;
  private final Boolean isolated;

  private ActorOptions(Builder builder) {
    this.maxConcurrency = builder.maxConcurrency;
    this.getIfExists = builder.getIfExists;
    this.lifetime = builder.lifetime;
    this.isolated = builder.isolated;
    if (getIfExists && builder.name == null) {
      throw new IllegalArgumentException("getIfExists(true) looks the actor up by its name:"
          + " give it one with name(...).");
    }
    this.name = builder.name;
    this.maxRestarts = builder.maxRestarts;
    this.maxTaskRetries = builder.maxTaskRetries;
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
  }

  /**
   * Starts a set of options; what it does not set keeps its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The options of an actor created without any.
   *
   * @return no name, the class's restarts, resources and isolation, one call at a time, not
   *     detached
   */
  public static ActorOptions defaults() {
    return DEFAULTS;
  }

  /**
   * The actor's name.
   *
   * @return the name, or null for an anonymous actor
   */
  public String name() {
    return name;
  }

  /**
   * How many times the actor may be restarted.
   *
   * @param fallback the class's {@code @Remote(maxRestarts)}
   * @return the restarts these options allow, or {@code fallback} if they say nothing
   */
  public int maxRestartsOr(int fallback) {
    return maxRestarts == null ? fallback : maxRestarts;
  }

  /**
   * Whether the actor runs alone in a JVM of its own.
   *
   * @param fallback the class's {@code @Remote(isolated)}
   * @return what these options set with {@link Builder#isolated}, or {@code fallback} if they say
   *     nothing
   */
  public boolean isolatedOr(boolean fallback) {
    return isolated == null ? fallback : isolated;
  }

  /**
   * How many times a call is sent again after its actor restarted.
   *
   * @return 0 (the default) or more; -1 for no limit
   */
  public int maxTaskRetries() {
    return maxTaskRetries;
  }

  /**
   * The resources these options set; a resource not named keeps the amount of the class's
   * {@code @Remote}.
   *
   * @return amounts by resource name
   */
  public Map<String, Double> resources() {
    return resources;
  }

  /**
   * How many calls of the default group run at once.
   *
   * @return 1 (one at a time, on one thread) unless set
   */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Whether {@code create} returns the live actor of the same name instead of failing.
   *
   * @return true if set, with a name
   */
  public boolean getIfExists() {
    return getIfExists;
  }

  /**
   * Whether the actor ends with its owner or lives on its own.
   *
   * @return {@link ActorLifetime#NON_DETACHED} unless set
   */
  public ActorLifetime lifetime() {
    return lifetime;
  }

  /** Collects options. */
  public static final class Builder {
    private String name;
    private Integer maxRestarts;
    private int maxTaskRetries;
    private final Map<String, Double> resources = new LinkedHashMap<>();
    private int maxConcurrency = 1;
    private boolean getIfExists;
    private ActorLifetime lifetime = ActorLifetime.NON_DETACHED;
    private Boolean isolated;

    private Builder() {}

    /**
     * Whether the actor runs alone in a JVM of its own ({@code true}), or may share a host JVM
     * with other actors, as jray chooses ({@code false}). Isolate an actor whose code must not
     * share a process: it keeps state in statics, calls {@code System.exit}, loads native
     * libraries or changes process-wide settings. An isolated actor costs a JVM of its own, its
     * start-up time and its memory.
     *
     * <p>This replaces the class's {@code @Remote(isolated)} for this actor, either way; unset,
     * the class's value holds. An actor that holds GPUs ({@link #numGpus}) always gets a JVM of
     * its own, whatever this says.
     *
     * @param isolated whether the actor gets a JVM of its own
     * @return this builder
     */
    public Builder isolated(boolean isolated) {
      this.isolated = isolated;
      return this;
    }

    /**
     * Runs up to this many of the actor's calls at once (those of its default group), each on a
     * thread of its own, as Ray's {@code max_concurrency}. With 1, the default, calls run one at
     * a time, in the order they were made, all on the same thread.
     *
     * @param maxConcurrency 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConcurrency} is below 1
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "maxConcurrency must be 1 or more, was " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * With a {@link #name}: if a live actor has that name, {@code create} returns a handle to it
     * rather than failing; its class must be the one created. Its constructor's arguments and
     * other options are then unused.
     *
     * @param getIfExists whether to return the existing actor
     * @return this builder
     */
    public Builder getIfExists(boolean getIfExists) {
      this.getIfExists = getIfExists;
      return this;
    }

    /**
     * Whether the actor ends with its owner ({@link ActorLifetime#NON_DETACHED}, the default) or
     * lives on its own ({@link ActorLifetime#DETACHED}).
     *
     * @param lifetime how long it lives
     * @return this builder
     */
    public Builder lifetime(ActorLifetime lifetime) {
      this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /**
     * Names the actor: one actor per name in a session; look it up with getActor(name).
     *
     * @param name not blank
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("An actor name must not be blank.");
      }
      this.name = name;
      return this;
    }

    /**
     * Restart the actor up to this many times when its process dies.
     *
     * @param maxRestarts 0 or more; -1 for no limit
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder maxRestarts(int maxRestarts) {
      if (maxRestarts < -1) {
        throw new IllegalArgumentException(
            "maxRestarts must be -1 (no limit), 0 or more, was " + maxRestarts);
      }
      this.maxRestarts = maxRestarts;
      return this;
    }

    /**
     * When the actor restarts, send the calls its dead process was running again, each up to
     * this many times. By default (0) they fail, as in Ray.
     *
     * @param maxTaskRetries 0 or more; -1 for no limit
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder maxTaskRetries(int maxTaskRetries) {
      if (maxTaskRetries < -1) {
        throw new IllegalArgumentException(
            "maxTaskRetries must be -1 (no limit), 0 or more, was " + maxTaskRetries);
      }
      this.maxTaskRetries = maxTaskRetries;
      return this;
    }

    /**
     * CPUs the actor holds while it lives (default 0, as in Ray).
     *
     * @param numCpus 0 or more; fractions are kept to four decimals
     * @return this builder
     */
    public Builder numCpus(double numCpus) {
      Demands.putCpus(resources, numCpus);
      return this;
    }

    /**
     * GPUs the actor holds while it lives; its process gets {@code CUDA_VISIBLE_DEVICES} with
     * their ids.
     *
     * @param numGpus a whole number, or a fraction of one GPU
     * @return this builder
     */
    public Builder numGpus(double numGpus) {
      Demands.putGpus(resources, numGpus);
      return this;
    }

    /**
     * Places the actor on the node with this id only (see {@code
     * RuntimeContext.getAllNodeInfo()}), as Ray's node affinity.
     *
     * @param nodeId a node's id, as {@code NodeInfo.nodeId()} gives it
     * @return this builder
     */
    public Builder nodeAffinity(String nodeId) {
      Demands.putNodeAffinity(resources, nodeId);
      return this;
    }

    /**
     * A custom resource the actor holds while it lives.
     *
     * @param name the resource's name, as the node's capacity names it
     * @param amount 0 or more
     * @return this builder
     */
    public Builder resource(String name, double amount) {
      Demands.putCustom(resources, name, amount);
      return this;
    }

    /**
     * Bytes of memory the actor holds while it lives.
     *
     * @param memoryBytes 0 or more
     * @return this builder
     */
    public Builder memoryBytes(long memoryBytes) {
      Demands.putMemory(resources, memoryBytes);
      return this;
    }

    /**
     * The options collected.
     *
     * @return the options
     * @throws IllegalArgumentException if {@code getIfExists} is set without a name
     */
    public ActorOptions build() {
      return new ActorOptions(this);
    }
  }
}
