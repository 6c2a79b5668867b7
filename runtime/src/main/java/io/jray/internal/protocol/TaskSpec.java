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

  /** The fewest bytes a spec takes: no arguments, no nested refs, empty strings. */
  static final int MIN_BYTES = 8 + 2 + 2 + 4 + 1 + 4 + 4;
  /** An argument takes at least a flag and a length (a value) or a flag and an id (a ref). */
  private static final int MIN_ARGUMENT_BYTES = 1 + 4;

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
        Wire.writeBytes(out, argValues[i]);
      }
    }
    Wire.writeIds(out, nestedRefs);
  }

  /** Reads a spec; its counts and lengths are checked against the frame's remaining bytes. */
  public static TaskSpec readFrom(DataInputStream in) throws IOException {
    long taskId = in.readLong();
    String functionId = Wire.readString(in);
    String displayName = Wire.readString(in);
    int maxRetries = in.readInt();
    boolean retryExceptions = in.readBoolean();
    int count = Wire.count(in, MIN_ARGUMENT_BYTES, "arguments");
    if (count > 255) {
      throw new IOException("a task cannot have " + count + " arguments");
    }
    byte[][] values = new byte[count][];
    long[] refs = new long[count];
    for (int i = 0; i < count; i++) {
      byte kind = in.readByte();
      if (kind == 1) {
        refs[i] = in.readLong();
      } else if (kind == 0) {
        values[i] = Wire.readBytes(in);
      } else {
        throw new IOException("argument " + i + " is of unknown kind " + kind);
      }
    }
    long[] nested = Wire.readIds(in);
    return new TaskSpec(
        taskId, functionId, displayName, maxRetries, retryExceptions, values, refs, nested);
  }
}
