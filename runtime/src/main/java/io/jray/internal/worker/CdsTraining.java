package io.jray.internal.worker;

import io.jray.internal.ObjectRefSerializer;
import io.jray.internal.driver.SessionDir;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.refs.ContainedRefs;
import io.jray.internal.refs.LocalRefs;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import io.jray.internal.store.StoredObject;
import io.jray.internal.stub.FunctionRegistry;
import java.util.List;
import java.util.Map;

/**
 * The work of a class-data-sharing training run ({@code WorkerMain --dump-cds}): what a worker
 * does at start, on a throwaway store, so that the JVM that runs it (with
 * {@code -XX:ArchiveClassesAtExit}) archives the classes every worker loads before its first task.
 * Chronicle Map's start-up (its {@code Jvm} class, native bindings, many classes) is most of a
 * worker's start; from an archive those classes load already parsed and verified.
 */
final class CdsTraining {
  private static final long CAPACITY = 16L << 20;

  private CdsTraining() {}

  private static void loadNested(Class<?> type) {
    for (Class<?> nested : type.getDeclaredClasses()) {
      loadNested(nested);
    }
  }

  static void run() {
    SessionDir session = SessionDir.create();
    try {
      try (ObjectStore owner = ObjectStore.create(session.path(), CAPACITY);
          ObjectStore store = ObjectStore.open(session.path())) {
        Serializer serializer = new Serializer(ObjectRefSerializer::register);
        byte[] small = serializer.serialize(List.of(1, "two", Map.of(3L, 4.0)));
        byte[] large = new byte[ObjectStore.INLINE_THRESHOLD + 1];
        store.put(1, (byte) 0, small);
        store.put(2, (byte) 0, large);
        for (long id = 1; id <= 2; id++) {
          try (StoredObject object = store.get(id)) {
            if (object != null && id == 1) {
              serializer.deserialize(object.data());
            }
          }
          store.delete(id);
        }
        serializer.serializeThrowable(new IllegalStateException("training"));
      }
      // What a worker loads after the store, up to its first task: loaded, not initialized.
      for (Class<?> type : List.of(Connection.class, TaskSpec.class, WorkerRuntime.class,
          TaskRunner.class, LocalRefs.class, FunctionRegistry.class, ContainedRefs.class)) {
        loadNested(type);
      }
    } finally {
      session.delete();
    }
  }
}
