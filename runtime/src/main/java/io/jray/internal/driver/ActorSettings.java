package io.jray.internal.driver;

/**
 * How an actor runs and lives, besides its name and restarts: from its options and its class.
 *
 * @param maxConcurrency how many calls of its default group run at once
 * @param groupThreads the threads of its concurrency groups together (0 without groups)
 * @param getIfExists whether a create with a taken name returns the live actor of that name
 * @param detached whether it lives on its own rather than with its owner
 */
public record ActorSettings(
    int maxConcurrency, int groupThreads, boolean getIfExists, boolean detached) {
  /** One call at a time, no groups, a new actor, owned. */
  public static final ActorSettings DEFAULT = new ActorSettings(1, 0, false, false);

  /**
   * How many calls may run at once, over all its groups.
   *
   * @return the default group's size plus the other groups' sizes
   */
  public int concurrency() {
    return maxConcurrency + groupThreads;
  }
}
