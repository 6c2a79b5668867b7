package io.jray.internal.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The type bytes of the frames on the control channel. What each frame holds is its record in
 * {@link ToDriver} or {@link ToWorker}.
 */
public final class FrameType {
  private FrameType() {}

  // Worker to driver.
  public static final byte HELLO = 1;
  public static final byte TASK_DONE = 2;
  public static final byte SUBMIT = 3;
  public static final byte SUBSCRIBE = 4;
  public static final byte BLOCKED = 5;
  public static final byte UNBLOCKED = 6;
  public static final byte ACTOR_CREATED = 7;
  public static final byte SUBMIT_ACTOR_CALL = 8;
  public static final byte KILL_ACTOR = 9;
  public static final byte CREATE_ACTOR_REQUEST = 10;
  public static final byte CANCEL = 11;
  public static final byte ACQUIRE = 12;
  public static final byte RELEASE = 13;
  public static final byte CONTAINS = 14;
  public static final byte RETURNED = 15;
  public static final byte GET_ACTOR_REQUEST = 16;
  public static final byte USER_METERS = 17;
  public static final byte GENERATOR_ITEM = 18;
  public static final byte HOST_EXITING = 19;

  // Driver to worker.
  public static final byte EXECUTE = 20;
  public static final byte OBJECT_READY = 21;
  public static final byte SHUTDOWN = 22;
  public static final byte CREATE_ACTOR = 23;
  public static final byte ACTOR_CALL = 24;
  public static final byte RESPONSE = 25;
  public static final byte EXECUTE_BATCH = 26;
  public static final byte RECALL = 27;

  public static final byte OBJECT_FAILED = 28;
  public static final byte CANCEL_TASK = 29;
  public static final byte GENERATOR_CONSUMED = 30;
  public static final byte OPEN_LANE = 31;

  /** The constant's name, for messages about a bad frame; only error paths call this. */
  static String name(byte type) {
    for (Field field : FrameType.class.getDeclaredFields()) {
      try {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == byte.class
            && field.getByte(null) == type) {
          return field.getName();
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e); // its own public fields
      }
    }
    return "unknown type " + type;
  }
}
