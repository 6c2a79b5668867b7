package io.jray.internal.protocol;

/** The kinds of frame on the control channel, and which way each goes. */
public final class FrameType {
  private FrameType() {}

  // Worker to driver.
  /** First frame: session secret, pid, worker tag. */
  public static final byte HELLO = 1;
  /** A task finished; its result (or error) is in the store already. */
  public static final byte TASK_DONE = 2;
  /** A nested task: a {@link TaskSpec}. */
  public static final byte SUBMIT = 3;
  /** Tell me (OBJECT_READY) when this object is in the store. */
  public static final byte SUBSCRIBE = 4;
  /** The running task waits in get/wait: its CPU slot is free for another task. */
  public static final byte BLOCKED = 5;
  /** The running task runs again. */
  public static final byte UNBLOCKED = 6;

  // Driver to worker.
  /** Run this {@link TaskSpec}. */
  public static final byte EXECUTE = 20;
  /** A subscribed object is in the store. */
  public static final byte OBJECT_READY = 21;
  /** Finish and exit. */
  public static final byte SHUTDOWN = 22;
}
