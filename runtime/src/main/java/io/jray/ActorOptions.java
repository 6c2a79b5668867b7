package io.jray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to create an actor, as Ray's {@code .options(...)}: a name to look it up by from anywhere
 * in the session, how many times to restart it when its process dies, and the resources it holds
 * from its creation to its death (none unless said here or in its {@code @Remote}, as in Ray).
 */
public final class ActorOptions {
  private static final ActorOptions DEFAULTS = builder().build();

  private final String name;
  private final Integer maxRestarts;
  private final int maxTaskRetries;
  private final Map<String, Double> resources;
  private final ActorLifetime lifetime;

  private ActorOptions(Builder builder) {
    this.lifetime = builder.lifetime;
    this.name = builder.name;
    this.maxRestarts = builder.maxRestarts;
    this.maxTaskRetries = builder.maxTaskRetries;
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
  }

  /**
   * Starts options for an actor's creation.
   *
   * @return a builder with every default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options that change nothing: the actor's own, from {@code @Remote}.
   *
   * @return the defaults
   */
  public static ActorOptions defaults() {
    return DEFAULTS;
  }

  /**
   * The name, or null for an anonymous actor.
   *
   * @return the actor's name, or null
   */
  public String name() {
    return name;
  }

  /**
   * Restarts allowed, or {@code fallback} (the class's {@code @Remote(maxRestarts)}) if unset.
   *
   * @param fallback what to use when none is set
   * @return how many restarts are allowed
   */
  public int maxRestartsOr(int fallback) {
    return maxRestarts == null ? fallback : maxRestarts;
  }

  /**
   * How many times a call is sent again after its actor restarted; -1 for no limit.
   *
   * @return how many times a call is sent again
   */
  public int maxTaskRetries() {
    return maxTaskRetries;
  }

  /**
   * The resources these options set, by name; a resource not named keeps the amount of the
   * class's {@code @Remote}.
   *
   * @return the amount of each resource these options set, by name
   */
  public Map<String, Double> resources() {
    return resources;
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
    private ActorLifetime lifetime = ActorLifetime.NON_DETACHED;

    private Builder() {}

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
     * @param name the actor's name, one actor per name
     * @return this builder
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
     * Restart the actor up to this many times when its process dies; -1 for no limit.
     *
     * @param maxRestarts restart the actor up to this many times when its process dies
     * @return this builder
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
     * this many times; -1 for no limit. By default (0) they fail, as in Ray.
     *
     * @param maxTaskRetries when the actor restarts, send the calls its dead process was running
     *     again, each up to this many times
     * @return this builder
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
     * @param numCpus CPUs the actor holds while it lives
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
     * @param numGpus GPUs the actor holds while it lives
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
     * @param name the resource's name
     * @param amount how much of it
     * @return this builder
     */
    public Builder resource(String name, double amount) {
      Demands.putCustom(resources, name, amount);
      return this;
    }

    /**
     * Bytes of memory the actor holds while it lives.
     *
     * @param memoryBytes bytes of memory the actor holds while it lives
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
    public ActorOptions build() {
      return new ActorOptions(this);
    }
  }
}
