package io.jray.internal.worker;

import io.jray.internal.Log;
import io.jray.internal.StoredValues;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.FunctionRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs this worker's tasks one at a time on its own thread, so the thread that reads the control
 * channel stays free to hear "object ready" while a task waits in {@code get}. A task's result,
 * or its error, goes into the store before the driver hears that it is done.
 */
final class TaskRunner {
  private final ObjectStore store;
  private final Serializer serializer;
  private final Connection driver;
  private final long pid = ProcessHandle.current().pid();
  private final BlockingQueue<TaskSpec> queue = new LinkedBlockingQueue<>();

  TaskRunner(ObjectStore store, Serializer serializer, Connection driver) {
    this.store = store;
    this.serializer = serializer;
    this.driver = driver;
    Thread thread = new Thread(this::loop, "jray-task");
    thread.setDaemon(true);
    thread.start();
  }

  void enqueue(TaskSpec spec) {
    queue.add(spec);
  }

  private void loop() {
    while (true) {
      TaskSpec spec;
      try {
        spec = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      String error = run(spec);
      try {
        driver.send(FrameType.TASK_DONE, out -> {
          out.writeLong(spec.taskId());
          out.writeBoolean(error != null);
          if (error != null) {
            out.writeUTF(error);
          }
        });
      } catch (IOException e) {
        Log.debug("Driver gone while reporting {}: {}", spec.displayName(), e.toString());
        return;
      }
    }
  }

  /** Runs the task and stores its outcome; returns null, or a one-line summary of the error. */
  private String run(TaskSpec spec) {
    try {
      Object[] args = resolveArguments(spec);
      Object result = FunctionRegistry.task(spec.functionId()).invoker().invoke(args);
      store.put(spec.taskId(), StoredValues.VALUE, serializer.serialize(result));
      return null;
    } catch (FailedDependency e) {
      // A failed dependency fails this task with the same error, as in Ray.
      store.put(spec.taskId(), StoredValues.ERROR, e.error);
      return "a task it depends on failed";
    } catch (Throwable t) {
      fail(spec, t);
      return summary(t);
    }
  }

  static String summary(Throwable t) {
    String summary = t.getClass().getName() + ": " + t.getMessage();
    return summary.length() > 500 ? summary.substring(0, 500) + "..." : summary;
  }

  private Object[] resolveArguments(TaskSpec spec) {
    Object[] args = new Object[spec.argCount()];
    for (int i = 0; i < args.length; i++) {
      if (!spec.isRef(i)) {
        args[i] = serializer.deserialize(spec.argValues()[i]);
        continue;
      }
      // The scheduler sends a task only once all its refs are in the store.
      StoredObject argument = store.get(spec.argRefs()[i]);
      if (argument.flags() == StoredValues.ERROR) {
        throw new FailedDependency(bytesOf(argument.data()));
      }
      args[i] = serializer.deserialize(argument.data());
    }
    return args;
  }

  private void fail(TaskSpec spec, Throwable error) {
    store.put(spec.taskId(), StoredValues.ERROR,
        StoredValues.error(serializer, spec.displayName(), pid, error));
  }

  private static byte[] bytesOf(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return bytes;
  }

  /** An argument's task failed; carries that stored error. */
  private static final class FailedDependency extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] error;

    FailedDependency(byte[] error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
