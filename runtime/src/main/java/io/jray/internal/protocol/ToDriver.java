package io.jray.internal.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A frame a worker sends to the driver. */
public sealed interface ToDriver extends Frame {

  /**
   * Decodes a frame from a worker: {@code in} holds its payload and nothing else. An unknown
   * type, or a payload cut short or too long, fails with an IOException that names the type.
   */
  static ToDriver read(byte type, DataInputStream in) throws IOException {
    return Wire.decode(type, in, "a worker", ToDriver::payload);
  }

  private static ToDriver payload(byte type, DataInputStream in) throws IOException {
    return switch (type) {
      case FrameType.HELLO -> Hello.read(in);
      case FrameType.TASK_DONE -> TaskDone.read(in);
      case FrameType.SUBMIT -> new Submit(TaskSpec.readFrom(in));
      case FrameType.SUBSCRIBE -> new Subscribe(in.readLong());
      case FrameType.BLOCKED -> Blocked.INSTANCE;
      case FrameType.UNBLOCKED -> Unblocked.INSTANCE;
      case FrameType.ACTOR_CREATED -> ActorCreated.read(in);
      case FrameType.SUBMIT_ACTOR_CALL -> new SubmitActorCall(in.readLong(), TaskSpec.readFrom(in));
      case FrameType.KILL_ACTOR -> new KillActor(in.readLong());
      case FrameType.CREATE_ACTOR_REQUEST -> CreateActorRequest.read(in);
      case FrameType.GET_ACTOR_REQUEST ->
          new GetActorRequest(in.readLong(), Wire.readString(in), Wire.readString(in));
      case FrameType.CANCEL -> new Cancel(in.readLong(), in.readBoolean(), in.readBoolean());
      case FrameType.ACQUIRE -> new Acquire(in.readLong());
      case FrameType.RELEASE -> new Release(in.readLong());
      case FrameType.CONTAINS -> new Contains(in.readLong(), Wire.readIds(in));
      case FrameType.RETURNED -> new Returned(Wire.readIds(in), Wire.readIds(in));
      case FrameType.USER_METERS -> UserMeters.read(in);
      case FrameType.GENERATOR_ITEM ->
          new GeneratorItem(in.readLong(), in.readInt(), in.readLong());
      case FrameType.HOST_EXITING -> new HostExiting(in.readLong());
      default -> null;
    };
  }

  /**
   * The first frame on a channel: the session's secret, then who is calling. The secret's length
   * is an unsigned short, a layout that tests of the socket write by hand.
   */
  record Hello(byte[] secret, long pid, int tag) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.HELLO;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      if (secret.length > 0xffff) {
        throw new IOException("a session secret of " + secret.length + " bytes is too long");
      }
      out.writeShort(secret.length);
      out.write(secret);
      out.writeLong(pid);
      out.writeInt(tag);
    }

    static Hello read(DataInputStream in) throws IOException {
      int length = in.readUnsignedShort();
      if (length > in.available()) {
        throw new IOException("a secret of " + length + " bytes cannot fit in the "
            + in.available() + " bytes left");
      }
      return new Hello(in.readNBytes(length), in.readLong(), in.readInt());
    }
  }

  /**
   * A task or actor call ended. Its value, or its error, is in the store already, unless
   * {@code stored} is false (then not even a short error fitted, and the driver fails the ref) or
   * {@code onlyCopy} is true (then the driver keeps the value).
   *
   * @param error a one-line summary of the error, or null if it succeeded
   * @param contained the refs inside the stored value, which it keeps alive
   * @param startMicros when it started, in microseconds since the epoch, for the timeline; 0 if
   *     unknown
   * @param endMicros when it ended, likewise
   * @param threadId the worker's thread it ran on, likewise
   * @param retry the task threw an exception it retries on and has retries left (the worker
   *     decides, since it has the exception's classes): nothing is stored, and the driver runs
   *     it again
   * @param value a copy of the stored value's bytes when they are few (see
   *     {@code Calls.VALUE_COPY_LIMIT}), so that the driver's get need not read the store; null
   *     otherwise
   * @param onlyCopy the value is not in the store at all: the driver, the call's owner, keeps
   *     {@code value} in its memory and stores it once a worker needs it (see
   *     {@code OwnedValues}); otherwise the copy stands beside the stored value
   */
  record TaskDone(long taskId, String error, long[] contained, boolean stored, long startMicros,
      long endMicros, long threadId, boolean retry, byte[] value, boolean onlyCopy)
      implements ToDriver {
    /** Value copy or value codes on the wire. */
    private static final byte NO_COPY = 0;
    private static final byte COPY_BESIDE_STORED = 1;
    private static final byte ONLY_COPY = 2;

    public TaskDone {
      if (onlyCopy && value == null) {
        throw new IllegalArgumentException("only a copy, but no copy");
      }
    }

    public TaskDone(long taskId, String error, long[] contained, boolean stored) {
      this(taskId, error, contained, stored, 0, 0, 0, false, null, false);
    }

    /** A run that ended for good: its value or error is in the store (unless not stored). */
    public TaskDone(long taskId, String error, long[] contained, boolean stored,
        long startMicros, long endMicros, long threadId) {
      this(taskId, error, contained, stored, startMicros, endMicros, threadId, false, null,
          false);
    }

    /** A run that carries no copy of its value. */
    public TaskDone(long taskId, String error, long[] contained, boolean stored,
        long startMicros, long endMicros, long threadId, boolean retry) {
      this(taskId, error, contained, stored, startMicros, endMicros, threadId, retry, null,
          false);
    }

    /** A run whose copy, if any, stands beside its stored value. */
    public TaskDone(long taskId, String error, long[] contained, boolean stored,
        long startMicros, long endMicros, long threadId, boolean retry, byte[] value) {
      this(taskId, error, contained, stored, startMicros, endMicros, threadId, retry, value,
          false);
    }

    @Override
    public byte type() {
      return FrameType.TASK_DONE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(taskId);
      Wire.writeOptionalString(out, error);
      Wire.writeIds(out, contained);
      out.writeBoolean(stored);
      out.writeLong(startMicros);
      out.writeLong(endMicros);
      out.writeLong(threadId);
      out.writeBoolean(retry);
      out.writeByte(value == null ? NO_COPY : onlyCopy ? ONLY_COPY : COPY_BESIDE_STORED);
      if (value != null) {
        Wire.writeBytes(out, value);
      }
    }

    static TaskDone read(DataInputStream in) throws IOException {
      long taskId = in.readLong();
      String error = Wire.readOptionalString(in);
      long[] contained = Wire.readIds(in);
      boolean stored = in.readBoolean();
      long startMicros = in.readLong();
      long endMicros = in.readLong();
      long threadId = in.readLong();
      boolean retry = in.readBoolean();
      byte copy = in.readByte();
      if (copy < NO_COPY || copy > ONLY_COPY) {
        throw new IOException("malformed TASK_DONE: value code " + copy);
      }
      byte[] value = copy == NO_COPY ? null : Wire.readBytes(in);
      return new TaskDone(taskId, error, contained, stored, startMicros, endMicros, threadId,
          retry, value, copy == ONLY_COPY);
    }
  }

  /**
   * The user's own Micrometer meters in this worker, as they read now: each a name, a kind, tags
   * and one value per statistic (see {@code io.jray.internal.metrics}).
   */
  record UserMeters(List<Meter> meters) implements ToDriver {
    /** One meter; {@code tags} alternate keys and values; statistics are Micrometer's names. */
    public record Meter(String name, String kind, String baseUnit, String description,
        List<String> tags, List<String> statistics, double[] values) {}

    @Override
    public byte type() {
      return FrameType.USER_METERS;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeInt(meters.size());
      for (Meter meter : meters) {
        out.writeUTF(meter.name());
        out.writeUTF(meter.kind());
        Wire.writeOptionalString(out, meter.baseUnit());
        Wire.writeOptionalString(out, meter.description());
        writeStrings(out, meter.tags());
        writeStrings(out, meter.statistics());
        for (double value : meter.values()) {
          out.writeDouble(value);
        }
      }
    }

    static UserMeters read(DataInputStream in) throws IOException {
      int count = Wire.count(in, 14, "meters");
      List<Meter> meters = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = Wire.readString(in);
        String kind = Wire.readString(in);
        String unit = Wire.readOptionalString(in);
        String description = Wire.readOptionalString(in);
        List<String> tags = readStrings(in);
        List<String> statistics = readStrings(in);
        if (statistics.size() > in.available() / Double.BYTES) {
          throw new IOException(statistics.size() + " values cannot fit in the "
              + in.available() + " bytes left");
        }
        double[] values = new double[statistics.size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = in.readDouble();
        }
        meters.add(new Meter(name, kind, unit, description, tags, statistics, values));
      }
      return new UserMeters(meters);
    }

    private static void writeStrings(DataOutputStream out, List<String> strings)
        throws IOException {
      out.writeInt(strings.size());
      for (String string : strings) {
        out.writeUTF(string);
      }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
      int count = Wire.count(in, 2, "strings");
      List<String> strings = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        strings.add(Wire.readString(in));
      }
      return strings;
    }
  }

  /** A task submitted from inside a worker (a nested task). */
  record Submit(TaskSpec spec) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.SUBMIT;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      spec.writeTo(out);
    }
  }

  /** Tell me ({@link ToWorker.ObjectReady}) when this object is in the store. */
  record Subscribe(long id) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.SUBSCRIBE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(id);
    }
  }

  /** The running task waits in get or wait: its CPU slot is free for another task. */
  record Blocked() implements ToDriver {
    public static final Blocked INSTANCE = new Blocked();

    @Override
    public byte type() {
      return FrameType.BLOCKED;
    }

    @Override
    public void writeTo(DataOutputStream out) {}
  }

  /** The running task runs again. */
  record Unblocked() implements ToDriver {
    public static final Unblocked INSTANCE = new Unblocked();

    @Override
    public byte type() {
      return FrameType.UNBLOCKED;
    }

    @Override
    public void writeTo(DataOutputStream out) {}
  }

  /** An actor host ran its constructor; if that failed, a summary of the error. */
  record ActorCreated(boolean ok, String error) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.ACTOR_CREATED;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeBoolean(ok);
      if (!ok) {
        out.writeUTF(error);
      }
    }

    static ActorCreated read(DataInputStream in) throws IOException {
      boolean ok = in.readBoolean();
      return new ActorCreated(ok, ok ? null : Wire.readString(in));
    }
  }

  /** A call on an actor, made inside a worker. */
  record SubmitActorCall(long actorId, TaskSpec call) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.SUBMIT_ACTOR_CALL;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(actorId);
      call.writeTo(out);
    }
  }

  /** End this actor. */
  record KillActor(long actorId) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.KILL_ACTOR;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(actorId);
    }
  }

  /**
   * Create an actor; the answer ({@link ToWorker.Response}) carries its id.
   *
   * @param name the name to look it up by, or null
   * @param maxConcurrency how many calls of its default group run at once
   * @param groupThreads the threads of its concurrency groups together
   * @param getIfExists whether to answer with the live actor of that name, if there is one
   * @param detached whether it lives on its own rather than with its creator
   * @param isolated whether it runs alone in a JVM of its own
   */
  record CreateActorRequest(long requestId, String name, int maxRestarts, int maxTaskRetries,
      String className, TaskSpec creation, int maxConcurrency, int groupThreads,
      boolean getIfExists, boolean detached, boolean isolated) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.CREATE_ACTOR_REQUEST;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(requestId);
      Wire.writeOptionalString(out, name);
      out.writeInt(maxRestarts);
      out.writeInt(maxTaskRetries);
      out.writeUTF(className);
      creation.writeTo(out);
      out.writeInt(maxConcurrency);
      out.writeInt(groupThreads);
      out.writeBoolean(getIfExists);
      out.writeBoolean(detached);
      out.writeBoolean(isolated);
    }

    static CreateActorRequest read(DataInputStream in) throws IOException {
      return new CreateActorRequest(in.readLong(), Wire.readOptionalString(in), in.readInt(),
          in.readInt(), Wire.readString(in), TaskSpec.readFrom(in), in.readInt(), in.readInt(),
          in.readBoolean(), in.readBoolean(), in.readBoolean());
    }
  }

  /** Find a named actor; the answer ({@link ToWorker.Response}) carries its id. */
  record GetActorRequest(long requestId, String name, String className) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.GET_ACTOR_REQUEST;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(requestId);
      out.writeUTF(name);
      out.writeUTF(className);
    }
  }

  /**
   * Cancel the task or queued actor call whose result has this id: by ending its process
   * ({@code force}) or by interrupting it; with {@code recursive}, the tasks it submitted too.
   */
  record Cancel(long id, boolean force, boolean recursive) implements ToDriver {
    /** Today's {@code Ray.cancel(ref)}: forced, not recursive. */
    public Cancel(long id) {
      this(id, true, false);
    }

    @Override
    public byte type() {
      return FrameType.CANCEL;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(id);
      out.writeBoolean(force);
      out.writeBoolean(recursive);
    }
  }

  /** This process now holds a ref to the object with this id. */
  record Acquire(long id) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.ACQUIRE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(id);
    }
  }

  /** This process holds no ref to the object with this id any more. */
  record Release(long id) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.RELEASE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(id);
    }
  }

  /** A stored object refers to others, which it keeps alive. */
  record Contains(long container, long[] ids) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.CONTAINS;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(container);
      Wire.writeIds(out, ids);
    }
  }

  /**
   * Tasks sent to this worker that it gives back unstarted, and those recalled that it does not
   * have (started, finished, or given back already). It gives back what waits in its queue when
   * its task waits in get (and what arrives meanwhile), and answers {@link ToWorker.Recall}.
   */
  record Returned(long[] given, long[] kept) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.RETURNED;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      Wire.writeIds(out, given);
      Wire.writeIds(out, kept);
    }
  }

  /**
   * A streaming generator's value number {@code index} (from 0) is in the store under {@code
   * itemId}; sent once it is stored, before the generator's next value is pulled. A generator run
   * again from the start sends its indexes again.
   */
  record GeneratorItem(long taskId, int index, long itemId) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.GENERATOR_ITEM;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(taskId);
      out.writeInt(index);
      out.writeLong(itemId);
    }
  }

  /**
   * A shared actor host's process is exiting through {@code System.exit}, which one of its
   * actors' threads called ({@code actorId}, or 0 if the thread is not known to be an actor's):
   * sent on the host's own channel from its shutdown hook, so that the driver can say why the
   * host's other actors died, and keep that actor alone from then on.
   */
  record HostExiting(long actorId) implements ToDriver {
    @Override
    public byte type() {
      return FrameType.HOST_EXITING;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(actorId);
    }
  }
}
