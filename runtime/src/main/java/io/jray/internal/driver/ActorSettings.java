package io.jray.internal.driver;

/**
 * How an actor runs and lives, besides its name and restarts: from its options and its class.
 *
 * @param maxConcurrency how many calls of its default group run at once
 * @param groupThreads the threads of its concurrency groups together (0 without groups)
 * @param getIfExists whether a create with a taken name returns the live actor of that name
 * @param detached whether it lives on its own rather than with its owner
 * @param isolated whether it runs alone in a JVM of its own rather than in one actors share
 */
public record ActorSettings(int maxConcurrency, int groupThreads, boolean getIfExists,
    boolean detached, boolean isolated) {
  /** One call at a time, no groups, a new actor, owned, in a shared host. */
  public static final ActorSettings DEFAULT = new ActorSettings(1, 0, false, false);

  /**
   * Settings of an actor that may share a host JVM.
   *
   * @param maxConcurrency how many calls of its default group run at once
   * @param groupThreads the threads of its concurrency groups together (0 without groups)
   * @param getIfExists whether a create with a taken name returns the live actor of that name
   * @param detached whether it lives on its own rather than with its owner
   */
  public ActorSettings(
      int maxConcurrency, int groupThreads, boolean getIfExists, boolean detached) {
    this(maxConcurrency, groupThreads, getIfExists, detached, false);
  }

  /**
   * How many calls may run at once, over all its groups.
   *
   * @return the default group's size plus the other groups' sizes
   */
  public int concurrency() {
    return maxConcurrency + groupThreads;
  }
}
