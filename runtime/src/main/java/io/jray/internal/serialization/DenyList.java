package io.jray.internal.serialization;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Classes that can never cross a process boundary. Kryo would happily copy a Thread's or a
 * socket's fields and hand the other process a corpse, so these are refused by name the first time
 * a Kryo instance meets the class, on both the writing and the reading side.
 *
 * <p>The processor refuses the same types at compile time (processor's {@code Sendability});
 * keep the two lists together.
 */
final class DenyList {
  private static final String STREAM =
      "an open stream reads from or writes to something that only this process holds;"
          + " pass the data itself (a byte[] or a String) or a path to open in the task";
  private static final String SOCKET =
      "an open socket, file or channel belongs to the process that opened it;"
          + " pass the address or path and open it in the task";
  private static final String SYNC =
      "a lock or synchronizer coordinates the threads of one process;"
          + " create it inside the task, or coordinate through an actor";

  /** Checked in order; the first supertype that matches gives the reason. Names, not classes,
   * so that optional JDK modules (java.sql, java.desktop) are not loaded just to be checked. */
  private static final Map<String, String> REASONS = new LinkedHashMap<>();

  static {
    deny("java.lang.Thread", "a thread runs only in the process that started it");
    deny("java.lang.ThreadGroup", "a thread group lives only in the process that made it");
    deny("java.lang.ClassLoader", "a class loader belongs to the JVM that created it");
    deny("java.lang.Process", "a process handle is only meaningful to the process that started it");
    deny("java.lang.ProcessHandle", "a process handle is only meaningful in this process");
    deny("java.lang.Runtime", "the Runtime is this JVM");
    deny("java.lang.ref.Reference", "a weak or soft reference is tied to this JVM's garbage collector");
    deny("java.lang.reflect.AccessibleObject", "reflection objects belong to this JVM; pass the class and the member's name");
    deny("java.lang.invoke.MethodHandle", "a method handle belongs to this JVM; pass a serializable lambda instead");
    for (String stream : new String[] {"java.io.InputStream", "java.io.OutputStream", "java.io.Reader", "java.io.Writer"}) {
      deny(stream, STREAM);
    }
    deny("java.util.Scanner", STREAM);
    deny("java.util.stream.BaseStream", "a java.util.stream.Stream can be consumed only once, here; collect it to a List first");
    for (String socket : new String[] {"java.net.Socket", "java.net.ServerSocket", "java.net.DatagramSocket",
        "java.nio.channels.Channel", "java.nio.channels.Selector", "java.io.RandomAccessFile",
        "java.io.FileDescriptor", "java.net.http.HttpClient", "java.sql.Connection", "java.sql.Statement",
        "java.sql.ResultSet"}) {
      deny(socket, SOCKET);
    }
    for (String sync : new String[] {"java.util.concurrent.locks.Lock", "java.util.concurrent.locks.ReadWriteLock",
        "java.util.concurrent.locks.Condition", "java.util.concurrent.locks.AbstractOwnableSynchronizer",
        "java.util.concurrent.CountDownLatch", "java.util.concurrent.Semaphore", "java.util.concurrent.CyclicBarrier",
        "java.util.concurrent.Phaser", "java.util.concurrent.Exchanger"}) {
      deny(sync, SYNC);
    }
    deny("java.util.concurrent.BlockingQueue",
        "a blocking queue hands items between the threads of one process; pass a copy of its contents");
    deny("java.nio.Buffer", "a CharBuffer, IntBuffer and the like may point at memory of this"
        + " process; pass an array, or a ByteBuffer (which travels by value)");
    deny("java.util.concurrent.Executor", "an executor's threads live in this process; submit remote tasks instead");
    deny("java.util.concurrent.Future", "a future completes in this process; pass its value, or an ObjectRef");
    deny("java.util.concurrent.CompletionStage", "a future completes in this process; pass its value, or an ObjectRef");
    deny("java.util.Timer", "a timer runs a thread of this process");
  }

  private DenyList() {}

  private static void deny(String className, String why) {
    REASONS.put(className, why);
  }

  /** Throws {@link RefusedTypeException} if the type can never cross processes. */
  static void check(Class<?> type) {
    if (ByteBuffer.class.isAssignableFrom(type)) {
      return; // by value, heap or direct: ByteBufferSerializer
    }
    String why = reason(type);
    if (why != null) {
      throw RefusedTypeException.denied(type, why);
    }
    JdkAllowList.check(type); // after the list above, whose reasons are more to the point
    if (type.isHidden() && !Serializable.class.isAssignableFrom(type)) {
      // Lambdas are hidden classes; without Serializable the JDK keeps no recipe to rebuild them.
      throw RefusedTypeException.notSerializableLambda(type);
    }
  }

  private static String reason(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      String why = REASONS.get(c.getName());
      if (why == null) {
        why = reasonFromInterfaces(c);
      }
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  private static String reasonFromInterfaces(Class<?> type) {
    for (Class<?> i : type.getInterfaces()) {
      String why = REASONS.getOrDefault(i.getName(), reasonFromInterfaces(i));
      if (why != null) {
        return why;
      }
    }
    return null;
  }
}
