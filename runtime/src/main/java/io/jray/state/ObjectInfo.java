package io.jray.state;

/**
 * An object of the session (in the store, or a small result the driver keeps), as Ray's
 * {@code ray list objects} shows it.
 *
 * @param objectId the object's id, as its {@code ObjectRef} prints it
 * @param sizeBytes the size of its serialized value
 * @param storedIn where its bytes are: inline in the store's shared index, in a file of its own,
 *     or, for a small result of the driver's own call, in the driver's memory
 * @param error whether it holds a failed task's error rather than a value
 * @param creatorPid the process that made it: the driver for {@code Ray.put} from the driver, the
 *     worker for a result or a put in a task; 0 if that process is not known
 * @param task for a task's result, the function of that task (if the task is still listed);
 *     null for a value put with {@code Ray.put}
 */
public record ObjectInfo(
    String objectId,
    long sizeBytes,
    StoredIn storedIn,
    boolean error,
    long creatorPid,
    String task) {

  /** Where an object's bytes live. */
  public enum StoredIn {
    /** Small objects: in the store's shared index (Chronicle Map). */
    INLINE,
    /** Large objects: a file of their own next to the index. */
    FILE,
    /**
     * Small results of the driver's own calls: in the driver's memory, as Ray's owner keeps
     * small returns; stored in the index too once a worker needs one.
     */
    DRIVER
  }
}
