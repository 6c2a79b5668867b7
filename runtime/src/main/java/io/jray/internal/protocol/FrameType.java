package io.jray.internal.protocol;

/** The kinds of frame on the control channel, and which way each goes. */
public final class FrameType {
  private FrameType() {}

  // Worker to driver.
  /** First frame: session secret, pid, worker tag. */
  public static final byte HELLO = 1;
  /**
   * A task finished; its result (or error) is in the store already. Task id, error flag (and
   * summary), the refs inside the result (a worker sends none here: they went in CONTAINS before
   * the result was stored), whether anything was stored.
   */
  public static final byte TASK_DONE = 2;
  /** A nested task: a {@link TaskSpec}. */
  public static final byte SUBMIT = 3;
  /** Tell me (OBJECT_READY) when this object is in the store. */
  public static final byte SUBSCRIBE = 4;
  /** The running task waits in get/wait: its CPU slot is free for another task. */
  public static final byte BLOCKED = 5;
  /** The running task runs again. */
  public static final byte UNBLOCKED = 6;
  /** An actor host ran its constructor: ok flag, then an error summary if not ok. */
  public static final byte ACTOR_CREATED = 7;
  /** A call on an actor, from a worker: actor id, then a {@link TaskSpec}. */
  public static final byte SUBMIT_ACTOR_CALL = 8;
  /** End an actor: its id. */
  public static final byte KILL_ACTOR = 9;
  /** A question that needs an answer (RESPONSE): request id, kind, payload. */
  public static final byte REQUEST = 10;
  /** Cancel the task or queued actor call whose result has this id. */
  public static final byte CANCEL = 11;
  /** This process now holds a ref to the object with this id. */
  public static final byte ACQUIRE = 12;
  /** This process holds no ref to the object with this id any more. */
  public static final byte RELEASE = 13;
  /**
   * A stored object refers to others: container id, count, ids. For a task's result it comes
   * before the result is stored, so that the driver counts those refs even if the worker dies
   * before its TASK_DONE.
   */
  public static final byte CONTAINS = 14;
  /**
   * Tasks sent to this worker that it gives back unstarted: count, task ids; then the count and ids
   * of tasks recalled that it does not have (started, or finished, or given back already). It gives
   * back what waits in its queue when its task waits in get (and what arrives meanwhile), and
   * answers RECALL.
   */
  public static final byte RETURNED = 15;

  // Driver to worker.
  /** Run this {@link TaskSpec}. */
  public static final byte EXECUTE = 20;
  /** A subscribed object is in the store. */
  public static final byte OBJECT_READY = 21;
  /** Finish and exit. */
  public static final byte SHUTDOWN = 22;
  /** Become this actor: actor id, class name, then the constructor's {@link TaskSpec}. */
  public static final byte CREATE_ACTOR = 23;
  /** Run this method on the actor this process hosts: a {@link TaskSpec}. */
  public static final byte ACTOR_CALL = 24;
  /** The answer to a REQUEST: request id, ok flag, then payload or error message. */
  public static final byte RESPONSE = 25;
  /** Run these, in order, after what is queued already: count, then {@link TaskSpec}s. */
  public static final byte EXECUTE_BATCH = 26;
  /** Give back these tasks if they have not started (answer: RETURNED): count, task ids. */
  public static final byte RECALL = 27;

  /**
   * A subscribed object will never be in the store: it failed with an error the store could not
   * take. Object id, the error's class name, its message.
   */
  public static final byte OBJECT_FAILED = 28;

  // Kinds of REQUEST.
  /** Create an actor: name (or empty), max restarts, class name, constructor TaskSpec; answer: id. */
  public static final byte CREATE_ACTOR_REQUEST = 1;
  /** Find a named actor: name, class name; answer: id. */
  public static final byte GET_ACTOR_REQUEST = 2;
}
