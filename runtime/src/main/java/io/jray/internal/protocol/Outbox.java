package io.jray.internal.protocol;

import java.io.IOException;

/**
 * Where the driver's core puts frames for one process while it holds its lock: appending never
 * writes to a socket and never waits, so the core does no I/O. Whoever applied the event writes
 * what was queued once it has left the lock ({@link Connection#flush}). A test plays the process
 * with an outbox that records the frames.
 */
public interface Outbox {
  /** What {@link #queueLater} asks of its caller. */
  enum Later {
    /** Nothing: the frame goes with the next write, or a millisecond from now at the latest. */
    NOTHING,
    /** The first frame held back: a waiter for any object should write it before it waits. */
    FIRST_HELD,
    /** So much is held back that it should be written now. */
    WRITE_NOW
  }

  /** Appends a frame, to be written by the next flush. Throws if the channel failed. */
  void queue(ToWorker frame) throws IOException;

  /**
   * Appends a frame that may wait for the frames that follow, to go in one write; see
   * {@link Later}. Throws if the channel failed.
   */
  Later queueLater(ToWorker frame) throws IOException;
}
