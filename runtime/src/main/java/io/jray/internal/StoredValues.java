package io.jray.internal;

import io.jray.RayException;
import io.jray.TaskFailedException;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How values and errors look in the store. A failed task stores an error in place of its value,
 * as Ray does, so that every reader of the ref (and every task that depends on it) sees the
 * failure.
 *
 * <p>An error is {@code int nameLength, name bytes, long pid, serialized throwable}.
 */
public final class StoredValues {
  public static final byte VALUE = 0;
  public static final byte ERROR = 1;

  private StoredValues() {}

  /** Encodes a failure of the named task in process {@code pid}. */
  public static byte[] error(Serializer serializer, String taskName, long pid, Throwable error) {
    byte[] throwable = serializer.serializeThrowable(error);
    byte[] name = taskName.getBytes(StandardCharsets.UTF_8);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(throwable.length + name.length + 12);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(name.length);
      out.write(name);
      out.writeLong(pid);
      out.write(throwable);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of a stored object, or the exception its task failed with, thrown. */
  public static Object decode(Serializer serializer, StoredObject object) {
    if (object.flags() == VALUE) {
      return serializer.deserialize(object.data());
    }
    ByteBuffer data = object.data().duplicate();
    byte[] name = new byte[data.getInt()];
    data.get(name);
    long pid = data.getLong();
    Throwable cause = (Throwable) serializer.deserialize(data.slice());
    if (cause instanceof RayException) {
      // jray's own verdict (a dead worker, say): throw it as it is, from here.
      cause.setStackTrace(new Throwable().getStackTrace());
      throw (RayException) cause;
    }
    throw new TaskFailedException("Task " + new String(name, StandardCharsets.UTF_8)
        + " failed in worker (pid=" + pid + "): " + cause, cause);
  }
}
