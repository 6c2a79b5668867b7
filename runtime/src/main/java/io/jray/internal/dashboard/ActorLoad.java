package io.jray.internal.dashboard;

/**
 * How busy an actor is, as the driver's core sees it when asked.
 *
 * @param concurrency how many calls it may run at once, over all its groups
 * @param running calls sent to its process and not finished, up to its concurrency
 * @param waiting calls not yet running: in the driver's queue, or sent and waiting behind others
 */
public record ActorLoad(int concurrency, int running, int waiting) {
  /** An actor the core does not know (any more). */
  static final ActorLoad NONE = new ActorLoad(1, 0, 0);

  /**
   * The load of an actor with this many calls sent and not finished, and this many queued.
   *
   * @param concurrency how many calls it may run at once
   * @param inFlight calls sent to its process and not finished
   * @param queued calls the driver has not sent yet
   * @return its load
   */
  public static ActorLoad of(int concurrency, int inFlight, int queued) {
    int running = Math.min(concurrency, inFlight);
    return new ActorLoad(concurrency, running, queued + inFlight - running);
  }
}
