package io.jray.internal.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A frame the driver sends to a worker. */
public sealed interface ToWorker extends Frame {

  /**
   * Decodes a frame from the driver: {@code in} holds its payload and nothing else. An unknown
   * type, or a payload cut short or too long, fails with an IOException that names the type.
   */
  static ToWorker read(byte type, DataInputStream in) throws IOException {
    return Wire.decode(type, in, "the driver", ToWorker::payload);
  }

  private static ToWorker payload(byte type, DataInputStream in) throws IOException {
    return switch (type) {
      case FrameType.EXECUTE -> new Execute(TaskSpec.readFrom(in));
      case FrameType.EXECUTE_BATCH -> ExecuteBatch.read(in);
      case FrameType.ACTOR_CALL -> new ActorCall(TaskSpec.readFrom(in));
      case FrameType.OBJECT_READY -> new ObjectReady(in.readLong());
      case FrameType.OBJECT_FAILED ->
          new ObjectFailed(in.readLong(), Wire.readString(in), Wire.readString(in));
      case FrameType.SHUTDOWN -> Shutdown.INSTANCE;
      case FrameType.CREATE_ACTOR ->
          new CreateActor(in.readLong(), Wire.readString(in), TaskSpec.readFrom(in),
              in.readInt(), in.readInt());
      case FrameType.RESPONSE -> Response.read(in);
      case FrameType.RECALL -> new Recall(Wire.readIds(in));
      case FrameType.CANCEL_TASK -> new CancelTask(in.readLong());
      case FrameType.GENERATOR_CONSUMED -> new GeneratorConsumed(in.readLong(), in.readInt());
      case FrameType.OPEN_LANE -> new OpenLane(in.readInt());
      default -> null;
    };
  }

  /** Run this task of the pool, after those queued already. */
  record Execute(TaskSpec spec) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.EXECUTE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      spec.writeTo(out);
    }
  }

  /** Run these tasks of the pool, in order, after those queued already. */
  record ExecuteBatch(List<TaskSpec> specs) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.EXECUTE_BATCH;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeInt(specs.size());
      for (TaskSpec spec : specs) {
        spec.writeTo(out);
      }
    }

    static ExecuteBatch read(DataInputStream in) throws IOException {
      int count = Wire.count(in, TaskSpec.MIN_BYTES, "tasks");
      List<TaskSpec> specs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        specs.add(TaskSpec.readFrom(in));
      }
      return new ExecuteBatch(specs);
    }
  }

  /** Run this method on the actor this process hosts, after the calls queued already. */
  record ActorCall(TaskSpec call) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.ACTOR_CALL;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      call.writeTo(out);
    }
  }

  /** An object this worker subscribed to is in the store. */
  record ObjectReady(long id) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.OBJECT_READY;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(id);
    }
  }

  /**
   * A subscribed object will never be in the store: it failed with an error the store could not
   * take, here as the class name of one of jray's own exceptions and its message.
   */
  record ObjectFailed(long id, String errorClass, String message) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.OBJECT_FAILED;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(id);
      out.writeUTF(errorClass);
      out.writeUTF(message);
    }
  }

  /** Finish and exit. */
  record Shutdown() implements ToWorker {
    public static final Shutdown INSTANCE = new Shutdown();

    @Override
    public byte type() {
      return FrameType.SHUTDOWN;
    }

    @Override
    public void writeTo(DataOutputStream out) {}
  }

  /**
   * Become this actor: run its constructor; the first frame an actor host gets. {@code restarts}:
   * how many times the actor was made again before this (0 for its first process); {@code
   * maxConcurrency}: how many calls of its default group may run at once.
   */
  record CreateActor(long actorId, String className, TaskSpec creation, int restarts,
      int maxConcurrency) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.CREATE_ACTOR;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(actorId);
      out.writeUTF(className);
      creation.writeTo(out);
      out.writeInt(restarts);
      out.writeInt(maxConcurrency);
    }
  }

  /**
   * The answer to a request ({@link ToDriver.CreateActorRequest}, {@link
   * ToDriver.GetActorRequest}): a value if ok, else why not.
   */
  record Response(long requestId, boolean ok, long value, String error) implements ToWorker {
    public static Response answer(long requestId, long value) {
      return new Response(requestId, true, value, null);
    }

    public static Response refusal(long requestId, String error) {
      return new Response(requestId, false, 0, error);
    }

    @Override
    public byte type() {
      return FrameType.RESPONSE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(requestId);
      out.writeBoolean(ok);
      if (ok) {
        out.writeLong(value);
      } else {
        out.writeUTF(error);
      }
    }

    static Response read(DataInputStream in) throws IOException {
      long requestId = in.readLong();
      return in.readBoolean()
          ? answer(requestId, in.readLong())
          : refusal(requestId, Wire.readString(in));
    }
  }

  /**
   * Give back these tasks if they have not started; the answer is {@link ToDriver.Returned}.
   */
  record Recall(long[] taskIds) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.RECALL;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      Wire.writeIds(out, taskIds);
    }
  }

  /**
   * A gentle cancel: interrupt the thread that runs this task, if it still runs it. The driver
   * has failed its ref already, so whatever the task leaves is dropped.
   */
  record CancelTask(long taskId) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.CANCEL_TASK;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(taskId);
    }
  }

  /**
   * The consumer of the streaming generator {@code taskId} has taken the refs of its first
   * {@code consumed} values: it may produce up to its back-pressure bound beyond them.
   * {@link Integer#MAX_VALUE} means nobody reads its refs any more: it need not wait.
   */
  record GeneratorConsumed(long taskId, int consumed) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.GENERATOR_CONSUMED;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(taskId);
      out.writeInt(consumed);
    }
  }

  /**
   * To a shared actor host, on its own channel: open another channel to the driver, introduced
   * by {@code tag}, and host there the actor whose CREATE_ACTOR comes first on it. The first
   * frame a shared host gets makes it one; it hosts no actor on its own channel.
   */
  record OpenLane(int tag) implements ToWorker {
    @Override
    public byte type() {
      return FrameType.OPEN_LANE;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
      out.writeInt(tag);
    }
  }
}
