package io.jray;

import io.jray.internal.LegacyProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * <b>Advanced:</b> the runtime's performance knobs, for benchmarks and unusual machines. The
 * defaults suit most programs; change one when a measurement says so. Set them for a session with
 * {@code RayConfig.builder().tuning(Tuning.builder().pipelineDepth(8).build())}: the driver uses
 * its share and hands each worker it starts the rest, so every process of the session runs with
 * the same values.
 *
 * <p>The knobs were system properties before ({@code -Djray.pipelineDepth=8} and the like); one
 * that is set still gives its knob's starting value in {@link #builder()}, so old command lines
 * keep working, but this class is the way to set them.
 */
public final class Tuning {
  /** Default of {@link #pipelineDepth()}. */
  public static final int DEFAULT_PIPELINE_DEPTH = 16;
  /** Default of {@link #actorSendAtOnce()}. */
  public static final int DEFAULT_ACTOR_SEND_AT_ONCE = 2;
  /** Default of {@link #actorBurstGap()}. */
  public static final Duration DEFAULT_ACTOR_BURST_GAP = Duration.ofNanos(10_000);
  /** Default of {@link #lateFrameDelay()}. */
  public static final Duration DEFAULT_LATE_FRAME_DELAY = Duration.ofMillis(1);
  /** Default of {@link #repliesPerWrite()}. */
  public static final int DEFAULT_REPLIES_PER_WRITE = 16;
  /**
   * Default of {@link #generatorBackpressure()}: enough for a producer to stay ahead of a consumer
   * by the round trip that hands out a ref (well under a millisecond), few enough that a stream of
   * large values holds little of the store while its consumer lags.
   */
  public static final int DEFAULT_GENERATOR_BACKPRESSURE = 4;
  /**
   * Default of {@link #actorsPerHost()}: a host JVM costs about 80 MB resident and half a second
   * of CPU to start, an idle actor in it about 1 MB; eight share those costs while one host's
   * death takes few actors with it.
   */
  public static final int DEFAULT_ACTORS_PER_HOST = 8;
  /** Default of {@link #storeLockTimeout()}. */
  public static final Duration DEFAULT_STORE_LOCK_TIMEOUT = Duration.ofSeconds(10);
  /** Default of {@link #spinBeforePark()}. */
  public static final Duration DEFAULT_SPIN_BEFORE_PARK = Duration.ofNanos(50_000);
  /**
   * The system property that turns class-data sharing for workers off ({@code false}); it stays
   * a property, since it is set from outside the program, and gives the default of
   * {@link Builder#workerClassDataSharing}.
   */
  public static final String WORKER_CDS_PROPERTY = "jray.workerCds";
  /**
   * The system property that turns off callers reading their replies ({@code false}), for
   * comparisons from outside the program; it gives the default of {@link
   * Builder#callerReadsReply}.
   */
  public static final String CALLER_READS_REPLY_PROPERTY = "jray.callerReadsReply";

  private static final Duration MAX_SHORT_WAIT = Duration.ofSeconds(1);
  private static final Duration MAX_LOCK_TIMEOUT = Duration.ofHours(1);

  private final int pipelineDepth;
  private final int actorSendAtOnce;
  private final Duration actorBurstGap;
  private final Duration lateFrameDelay;
  private final int repliesPerWrite;
  private final int generatorBackpressure;
  private final int actorsPerHost;
  private final Duration storeLockTimeout;
  private final Duration spinBeforePark;
  private final boolean workerClassDataSharing;
  private final boolean callerReadsReply;

  private Tuning(Builder builder) {
    this.pipelineDepth = builder.pipelineDepth;
    this.actorSendAtOnce = builder.actorSendAtOnce;
    this.actorBurstGap = builder.actorBurstGap;
    this.lateFrameDelay = builder.lateFrameDelay;
    this.repliesPerWrite = builder.repliesPerWrite;
    this.generatorBackpressure = builder.generatorBackpressure;
    this.actorsPerHost = builder.actorsPerHost;
    this.storeLockTimeout = builder.storeLockTimeout;
    this.spinBeforePark = builder.spinBeforePark;
    this.workerClassDataSharing = builder.workerClassDataSharing;
    this.callerReadsReply = builder.callerReadsReply;
  }

  /**
   * Starts a set of knobs.
   *
   * @return a builder with every default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Driver: tasks that may wait in a busy worker's queue behind the one it runs.
   *
   * @return how many tasks may wait in a busy worker's queue behind the one it runs
   */
  public int pipelineDepth() {
    return pipelineDepth;
  }

  /**
   * Driver: calls written to an actor at once while it has fewer than this many in flight.
   *
   * @return how many calls are written to an actor at once while it has fewer than this many in
   *     flight
   */
  public int actorSendAtOnce() {
    return actorSendAtOnce;
  }

  /**
   * Driver: a call this soon after the one before to the same actor is held for a batch.
   *
   * @return the gap under which a call to the same actor is held for a batch
   */
  public Duration actorBurstGap() {
    return actorBurstGap;
  }

  /**
   * Every process: the longest a frame sent for later waits before it is written anyway.
   *
   * @return the longest a frame sent for later waits before it is written anyway
   */
  public Duration lateFrameDelay() {
    return lateFrameDelay;
  }

  /**
   * Workers: replies to an actor's queued calls that may go to the driver in one write.
   *
   * @return how many replies to an actor's queued calls may go to the driver in one write
   */
  public int repliesPerWrite() {
    return repliesPerWrite;
  }

  /**
   * Workers: how many values a streaming generator may produce beyond the refs its consumer has
   * taken before it waits.
   *
   * @return how many values a streaming generator may run ahead of its consumer
   */
  public int generatorBackpressure() {
    return generatorBackpressure;
  }

  /**
   * Driver: how many actors may share one host JVM; 1 gives every actor a JVM of its own.
   *
   * @return how many actors may share one host JVM
   */
  public int actorsPerHost() {
    return actorsPerHost;
  }

  /**
   * Every process: how long a live process may hold a segment of the store before others fail.
   *
   * @return how long a live process may hold a segment of the store before others fail
   */
  public Duration storeLockTimeout() {
    return storeLockTimeout;
  }

  /**
   * Every process: how long {@code Ray.get} spins for a result before it parks the thread.
   *
   * @return how long {@code Ray.get} spins for a result before it parks the thread
   */
  public Duration spinBeforePark() {
    return spinBeforePark;
  }

  /**
   * Driver: whether workers start from a class-data-sharing archive.
   *
   * @return whether workers start from a class-data-sharing archive
   */
  public boolean workerClassDataSharing() {
    return workerClassDataSharing;
  }

  /**
   * Driver: whether a thread waiting in {@code Ray.get} for a call's result reads the reply from
   * the worker's channel itself.
   *
   * @return whether a thread waiting in {@code Ray.get} for a call's result reads the reply
   *     itself
   */
  public boolean callerReadsReply() {
    return callerReadsReply;
  }

  /**
   * Whether every knob has its documented default.
   *
   * @return whether every knob has its documented default
   */
  public boolean isDefault() {
    return changes().isEmpty();
  }

  /** The knobs away from their defaults, as {@code name=value}. */
  private List<String> changes() {
    List<String> changes = new ArrayList<>();
    addIf(changes, pipelineDepth != DEFAULT_PIPELINE_DEPTH, "pipelineDepth", pipelineDepth);
    addIf(changes, actorSendAtOnce != DEFAULT_ACTOR_SEND_AT_ONCE, "actorSendAtOnce",
        actorSendAtOnce);
    addIf(changes, !actorBurstGap.equals(DEFAULT_ACTOR_BURST_GAP), "actorBurstGap", actorBurstGap);
    addIf(changes, !lateFrameDelay.equals(DEFAULT_LATE_FRAME_DELAY), "lateFrameDelay",
        lateFrameDelay);
    addIf(changes, repliesPerWrite != DEFAULT_REPLIES_PER_WRITE, "repliesPerWrite",
        repliesPerWrite);
    addIf(changes, generatorBackpressure != DEFAULT_GENERATOR_BACKPRESSURE,
        "generatorBackpressure", generatorBackpressure);
    addIf(changes, actorsPerHost != DEFAULT_ACTORS_PER_HOST, "actorsPerHost", actorsPerHost);
    addIf(changes, !storeLockTimeout.equals(DEFAULT_STORE_LOCK_TIMEOUT), "storeLockTimeout",
        storeLockTimeout);
    addIf(changes, !spinBeforePark.equals(DEFAULT_SPIN_BEFORE_PARK), "spinBeforePark",
        spinBeforePark);
    addIf(changes, !workerClassDataSharing, "workerClassDataSharing", false);
    addIf(changes, !callerReadsReply, "callerReadsReply", false);
    return changes;
  }

  private static void addIf(List<String> changes, boolean changed, String name, Object value) {
    if (changed) {
      changes.add(name + "=" + value);
    }
  }

  /** Only the knobs away from their defaults: {@code Tuning(pipelineDepth=8)}. */
  @Override
  public String toString() {
    List<String> changes = changes();
    return "Tuning(" + (changes.isEmpty() ? "defaults" : String.join(", ", changes)) + ")";
  }

  // toString names every knob away from its default, with its value: equal strings, equal knobs.
  @Override
  public boolean equals(Object other) {
    return other instanceof Tuning that && toString().equals(that.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** Starts at the defaults (or at an old system property's value); {@link #build} checks. */
  public static final class Builder {
    private int pipelineDepth =
        LegacyProperties.integer("jray.pipelineDepth", DEFAULT_PIPELINE_DEPTH);
    private int actorSendAtOnce =
        LegacyProperties.integer("jray.actorSendAtOnce", DEFAULT_ACTOR_SEND_AT_ONCE);
    private Duration actorBurstGap =
        LegacyProperties.micros("jray.actorBurstGapMicros", DEFAULT_ACTOR_BURST_GAP);
    private Duration lateFrameDelay =
        LegacyProperties.micros("jray.lateFrameMicros", DEFAULT_LATE_FRAME_DELAY);
    private int repliesPerWrite =
        LegacyProperties.integer("jray.repliesPerWrite", DEFAULT_REPLIES_PER_WRITE);
    private int generatorBackpressure = DEFAULT_GENERATOR_BACKPRESSURE;
    private int actorsPerHost = DEFAULT_ACTORS_PER_HOST;
    private Duration storeLockTimeout =
        LegacyProperties.millis("jray.store.lockTimeoutMillis", DEFAULT_STORE_LOCK_TIMEOUT);
    private Duration spinBeforePark =
        LegacyProperties.micros("jray.spinMicros", DEFAULT_SPIN_BEFORE_PARK);
    private boolean workerClassDataSharing =
        Boolean.parseBoolean(System.getProperty(WORKER_CDS_PROPERTY, "true"));
    private boolean callerReadsReply =
        Boolean.parseBoolean(System.getProperty(CALLER_READS_REPLY_PROPERTY, "true"));

    private Builder() {}

    /**
     * When no worker is idle, up to this many more tasks go to each busy worker to wait in its
     * queue, so it starts the next without a round trip to the driver; default {@value
     * Tuning#DEFAULT_PIPELINE_DEPTH}. 0 sends a task only to an idle worker.
     *
     * @param pipelineDepth when no worker is idle, up to this many more tasks go to each busy
     *     worker to wait in its queue, so it starts the next without a round trip to the driver
     * @return this builder
     */
    public Builder pipelineDepth(int pipelineDepth) {
      this.pipelineDepth = pipelineDepth;
      return this;
    }

    /**
     * Calls are written to an actor at once while it has fewer than this many in flight; later
     * ones wait to go in one write with those that follow. Default {@value
     * Tuning#DEFAULT_ACTOR_SEND_AT_ONCE}.
     *
     * @param actorSendAtOnce calls are written to an actor at once while it has fewer than this
     *     many in flight
     * @return this builder
     */
    public Builder actorSendAtOnce(int actorSendAtOnce) {
      this.actorSendAtOnce = actorSendAtOnce;
      return this;
    }

    /**
     * Calls to one actor closer together than this are a burst, written together; 10 µs.
     *
     * @param actorBurstGap calls to one actor closer together than this are a burst, written
     *     together
     * @return this builder
     */
    public Builder actorBurstGap(Duration actorBurstGap) {
      this.actorBurstGap = Objects.requireNonNull(actorBurstGap, "actorBurstGap");
      return this;
    }

    /**
     * The longest a frame held back for a batch waits before it is written anyway; 1 ms.
     *
     * @param lateFrameDelay the longest a frame held back for a batch waits before it is written
     *     anyway
     * @return this builder
     */
    public Builder lateFrameDelay(Duration lateFrameDelay) {
      this.lateFrameDelay = Objects.requireNonNull(lateFrameDelay, "lateFrameDelay");
      return this;
    }

    /**
     * How many replies of an actor whose next calls are already queued may go to the driver in
     * one write; default {@value Tuning#DEFAULT_REPLIES_PER_WRITE}. 1 writes every reply at once.
     *
     * @param repliesPerWrite how many replies of an actor whose next calls are already queued may
     *     go to the driver in one write
     * @return this builder
     */
    public Builder repliesPerWrite(int repliesPerWrite) {
      this.repliesPerWrite = repliesPerWrite;
      return this;
    }

    /**
     * How many values a streaming generator (a {@code @Remote} method returning an {@code
     * Iterator} or {@code Stream}) may produce beyond the refs its consumer has taken before it
     * waits for the consumer; default {@value Tuning#DEFAULT_GENERATOR_BACKPRESSURE}.
     *
     * @param generatorBackpressure how many values a streaming generator may run ahead of its
     *     consumer; 1 or more
     * @return this builder
     */
    public Builder generatorBackpressure(int generatorBackpressure) {
      this.generatorBackpressure = generatorBackpressure;
      return this;
    }

    /**
     * How many actors may share one host JVM, each on threads of its own; default {@value
     * Tuning#DEFAULT_ACTORS_PER_HOST}. 1 gives every actor a JVM of its own, as {@code
     * isolated(true)} does for one actor. An actor that holds GPUs always has a JVM of its own.
     *
     * @param actorsPerHost how many actors may share one host JVM; 1 or more
     * @return this builder
     */
    public Builder actorsPerHost(int actorsPerHost) {
      this.actorsPerHost = actorsPerHost;
      return this;
    }

    /**
     * How long a process waits for a segment of the store that a live process holds before it
     * fails (a dead holder's segment is recovered at once); 10 s.
     *
     * @param storeLockTimeout how long a process waits for a segment of the store that a live
     *     process holds before it fails
     * @return this builder
     */
    public Builder storeLockTimeout(Duration storeLockTimeout) {
      this.storeLockTimeout = Objects.requireNonNull(storeLockTimeout, "storeLockTimeout");
      return this;
    }

    /**
     * How long {@code Ray.get} spins for a result before it parks the thread: about a no-op
     * call's round trip, 50 µs. Zero parks at once, which spares CPU on a crowded machine.
     *
     * @param spinBeforePark how long {@code Ray.get} spins for a result before it parks the thread
     * @return this builder
     */
    public Builder spinBeforePark(Duration spinBeforePark) {
      this.spinBeforePark = Objects.requireNonNull(spinBeforePark, "spinBeforePark");
      return this;
    }

    /**
     * Whether workers start from a class-data-sharing archive that jray records in the user's
     * cache folder; default true, unless {@code -Djray.workerCds=false}.
     *
     * @param workerClassDataSharing whether workers start from a class-data-sharing archive that
     *     jray records in the user's cache folder
     * @return this builder
     */
    public Builder workerClassDataSharing(boolean workerClassDataSharing) {
      this.workerClassDataSharing = workerClassDataSharing;
      return this;
    }

    /**
     * Whether a thread of the driver waiting in {@code Ray.get} for a call's result reads the
     * reply from the channel of the worker (or actor) running it, rather than waiting for the
     * channel's own reader thread to hand it over: a sync call then wakes two threads, not
     * three. Default true, unless {@code -Djray.callerReadsReply=false}.
     *
     * @param callerReadsReply whether a waiting thread of the driver reads its call's reply
     *     itself
     * @return this builder
     */
    public Builder callerReadsReply(boolean callerReadsReply) {
      this.callerReadsReply = callerReadsReply;
      return this;
    }

    /**
     * The knobs.
     *
     * @return the knobs, as set
     */
    public Tuning build() {
      atLeast("pipelineDepth", pipelineDepth, 0, "0 sends tasks only to idle workers");
      atLeast("actorSendAtOnce", actorSendAtOnce, 1, "1 writes one call at a time");
      atLeast("repliesPerWrite", repliesPerWrite, 1, "1 writes every reply at once");
      atLeast("generatorBackpressure", generatorBackpressure, 1,
          "1 produces a value only once the last one's ref is taken");
      atLeast("actorsPerHost", actorsPerHost, 1, "1 gives every actor a JVM of its own");
      within("actorBurstGap", actorBurstGap, Duration.ZERO, MAX_SHORT_WAIT);
      within("lateFrameDelay", lateFrameDelay, Duration.ofNanos(1_000), MAX_SHORT_WAIT);
      within("storeLockTimeout", storeLockTimeout, Duration.ofMillis(1), MAX_LOCK_TIMEOUT);
      within("spinBeforePark", spinBeforePark, Duration.ZERO, MAX_SHORT_WAIT);
      return new Tuning(this);
    }

    private static void atLeast(String name, int value, int min, String hint) {
      if (value < min) {
        throw new IllegalArgumentException(
            name + " must be " + min + " or more (" + hint + "), was " + value);
      }
    }

    private static void within(String name, Duration value, Duration min, Duration max) {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max
            + ", was " + value);
      }
    }
  }
}
