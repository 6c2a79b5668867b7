package io.jray.internal;

import io.jray.ActorDiedException;
import io.jray.ObjectLostException;
import io.jray.RayException;
import io.jray.TaskCancelledException;
import io.jray.TaskFailedException;
import io.jray.WorkerDiedException;

/**
 * jray's own errors as they cross the control channel when they are not in the store: by class
 * name and message, rebuilt on the other side as the same class (only these few travel this way).
 */
public final class RayErrors {
  private RayErrors() {}

  /** The same error, made again from its class name and message; a RayException if unknown. */
  public static RayException rebuild(String className, String message) {
    if (className.equals(TaskFailedException.class.getName())) {
      return new TaskFailedException(message, null);
    } else if (className.equals(WorkerDiedException.class.getName())) {
      return new WorkerDiedException(message);
    } else if (className.equals(ActorDiedException.class.getName())) {
      return new ActorDiedException(message);
    } else if (className.equals(TaskCancelledException.class.getName())) {
      return new TaskCancelledException(message);
    } else if (className.equals(ObjectLostException.class.getName())) {
      return new ObjectLostException(message);
    }
    return new RayException(message);
  }
}
