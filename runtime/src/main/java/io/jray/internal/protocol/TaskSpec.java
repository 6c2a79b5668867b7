package io.jray.internal.protocol;

import io.jray.internal.resources.ResourceSet;
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
 * @param resources what it holds while it runs (for an actor's creation: while the actor lives)
 * @param gpuIds the GPU devices the scheduler gave it as it sent it to a worker; empty if none
 * @param retryOn with {@code retryExceptions}, the exception classes (binary names) it is run
 *     again for, subclasses included; empty: any {@code Exception}
 * @param attempt which run this is, from 1, as the scheduler sends it (0 where unknown: the
 *     first); runs after a worker died and after an exception share one budget, maxRetries
 */
public record TaskSpec(
    long taskId, String functionId, String displayName, int maxRetries, boolean retryExceptions,
    byte[][] argValues, long[] argRefs, long[] nestedRefs, ResourceSet resources, int[] gpuIds,
    String[] retryOn, int attempt) {

  /** The fewest bytes a spec takes: no arguments, no nested refs, empty strings. */
  static final int MIN_BYTES = 8 + 2 + 2 + 4 + 1 + 4 + 4 + 2 + 1 + 1 + 4;
  private static final int[] NO_GPUS = new int[0];
  private static final String[] NO_NAMES = new String[0];
  /** More GPUs than one node has, by far. */
  private static final int MAX_GPUS = 64;

  /** A spec that retries on any exception (if it retries on exceptions), at its first run. */
  public TaskSpec(long taskId, String functionId, String displayName, int maxRetries,
      boolean retryExceptions, byte[][] argValues, long[] argRefs, long[] nestedRefs,
      ResourceSet resources, int[] gpuIds) {
    this(taskId, functionId, displayName, maxRetries, retryExceptions, argValues, argRefs,
        nestedRefs, resources, gpuIds, NO_NAMES, 0);
  }

  /** A spec of the default demand (one CPU), not yet given GPUs. */
  public TaskSpec(long taskId, String functionId, String displayName, int maxRetries,
      boolean retryExceptions, byte[][] argValues, long[] argRefs, long[] nestedRefs) {
    this(taskId, functionId, displayName, maxRetries, retryExceptions, argValues, argRefs,
        nestedRefs, ResourceSet.ONE_CPU, NO_GPUS);
  }

  /** This spec, to run on these GPU devices. */
  public TaskSpec withGpuIds(int[] ids) {
    return new TaskSpec(taskId, functionId, displayName, maxRetries, retryExceptions, argValues,
        argRefs, nestedRefs, resources, ids, retryOn, attempt);
  }

  /** This spec, retried only on exceptions of these classes (binary names), if it retries. */
  public TaskSpec withRetryOn(String[] classNames) {
    return new TaskSpec(taskId, functionId, displayName, maxRetries, retryExceptions, argValues,
        argRefs, nestedRefs, resources, gpuIds, classNames, attempt);
  }

  /** This spec, as its run number {@code number} (from 1). */
  public TaskSpec withAttempt(int number) {
    return new TaskSpec(taskId, functionId, displayName, maxRetries, retryExceptions, argValues,
        argRefs, nestedRefs, resources, gpuIds, retryOn, number);
  }

  /**
   * Whether this run, which threw {@code thrown}, is to run again: the task retries on
   * exceptions, {@code thrown} is an {@code Exception} of a class it names (or of a subclass; any,
   * if it names none), and the budget has a retry left. Only the process that ran it can tell:
   * it has the exception's classes.
   */
  public boolean retriesOn(Throwable thrown) {
    if (!retryExceptions || !(thrown instanceof Exception)
        || (maxRetries >= 0 && Math.max(attempt, 1) > maxRetries)) {
      return false;
    }
    if (retryOn.length == 0) {
      return true;
    }
    for (Class<?> type = thrown.getClass(); type != null; type = type.getSuperclass()) {
      for (String name : retryOn) {
        if (name.equals(type.getName())) {
          return true;
        }
      }
    }
    return false;
  }
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
    FunctionNames.write(out, functionId);
    FunctionNames.write(out, displayName);
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
    resources.writeTo(out);
    out.writeByte(gpuIds.length);
    for (int id : gpuIds) {
      out.writeShort(id);
    }
    out.writeByte(retryOn.length);
    for (String name : retryOn) {
      out.writeUTF(name);
    }
    out.writeInt(attempt);
  }

  /** Reads a spec; its counts and lengths are checked against the frame's remaining bytes. */
  public static TaskSpec readFrom(DataInputStream in) throws IOException {
    long taskId = in.readLong();
    String functionId = FunctionNames.read(in);
    String displayName = FunctionNames.read(in);
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
    ResourceSet resources = ResourceSet.readFrom(in);
    int gpuCount = in.readUnsignedByte();
    if (gpuCount > MAX_GPUS) {
      throw new IOException("a task cannot hold " + gpuCount + " GPUs");
    }
    int[] gpuIds = gpuCount == 0 ? NO_GPUS : new int[gpuCount];
    for (int i = 0; i < gpuCount; i++) {
      gpuIds[i] = in.readUnsignedShort();
    }
    int names = in.readUnsignedByte();
    String[] retryOn = names == 0 ? NO_NAMES : new String[names];
    for (int i = 0; i < names; i++) {
      retryOn[i] = Wire.readString(in);
    }
    int attempt = in.readInt();
    return new TaskSpec(taskId, functionId, displayName, maxRetries, retryExceptions, values,
        refs, nested, resources, gpuIds, retryOn, attempt);
  }
}
