package io.jray.internal.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A task as it travels: the result's id, the function to run and its arguments, each either
 * serialized inline or a ref to the store.
 *
 * @param argValues per argument, the serialized value, or null where {@code argRefs} names a ref
 * @param argRefs per argument, the object id of a ref argument (meaningful where argValues is null)
 * @param nestedRefs refs inside argument values: kept alive until the task is done
 */
public record TaskSpec(
    long taskId, String functionId, String displayName, int maxRetries, boolean retryExceptions,
    byte[][] argValues, long[] argRefs, long[] nestedRefs) {

  /** Every object the task needs alive until it is done: ref arguments and nested refs. */
  public long[] heldRefs() {
    int count = nestedRefs.length;
    for (int i = 0; i < argRefs.length; i++) {
      count += isRef(i) ? 1 : 0;
    }
    long[] held = java.util.Arrays.copyOf(nestedRefs, count);
    int next = nestedRefs.length;
    for (int i = 0; i < argRefs.length; i++) {
      if (isRef(i)) {
        held[next++] = argRefs[i];
      }
    }
    return held;
  }

  public int argCount() {
    return argRefs.length;
  }

  public boolean isRef(int index) {
    return argValues[index] == null;
  }

  public void writeTo(DataOutputStream out) throws IOException {
    out.writeLong(taskId);
    out.writeUTF(functionId);
    out.writeUTF(displayName);
    out.writeInt(maxRetries);
    out.writeBoolean(retryExceptions);
    out.writeInt(argRefs.length);
    for (int i = 0; i < argRefs.length; i++) {
      if (isRef(i)) {
        out.writeByte(1);
        out.writeLong(argRefs[i]);
      } else {
        out.writeByte(0);
        out.writeInt(argValues[i].length);
        out.write(argValues[i]);
      }
    }
    out.writeInt(nestedRefs.length);
    for (long id : nestedRefs) {
      out.writeLong(id);
    }
  }

  public static TaskSpec readFrom(DataInputStream in) throws IOException {
    long taskId = in.readLong();
    String functionId = in.readUTF();
    String displayName = in.readUTF();
    int maxRetries = in.readInt();
    boolean retryExceptions = in.readBoolean();
    int count = in.readInt();
    if (count < 0 || count > 255) {
      throw new IOException("malformed task: " + count + " arguments");
    }
    byte[][] values = new byte[count][];
    long[] refs = new long[count];
    for (int i = 0; i < count; i++) {
      if (in.readByte() == 1) {
        refs[i] = in.readLong();
      } else {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IOException("malformed task: argument of " + length + " bytes");
        }
        values[i] = in.readNBytes(length);
      }
    }
    int nestedCount = in.readInt();
    if (nestedCount < 0 || nestedCount > in.available() / 8) {
      throw new IOException("malformed task: " + nestedCount + " nested refs");
    }
    long[] nested = new long[nestedCount];
    for (int i = 0; i < nestedCount; i++) {
      nested[i] = in.readLong();
    }
    return new TaskSpec(
        taskId, functionId, displayName, maxRetries, retryExceptions, values, refs, nested);
  }
}
