package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.annotations.Remote;

/**
 * Tasks and an actor for a cluster: each says which job host (whose pid is its worker's or actor
 * host's parent) ran it.
 */
final class ClusterTasks {
  private ClusterTasks() {}

  /** The pid of the job host whose worker ran this, after a little work. */
  @Remote
  static long hostPid(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
  }

  @Remote
  static long sum(long[] values) {
    long sum = 0;
    for (long value : values) {
      sum += value;
    }
    return sum;
  }

  /** {the pid of the job host that ran it, value}, after a little work. */
  @Remote
  static long[] tagged(long value) throws InterruptedException {
    return new long[] {hostPid(200), value};
  }

  @Remote
  static long first(long[] values) {
    return values[0];
  }

  /** Adds to a tally through its handle, from wherever this runs. */
  @Remote
  static long addVia(ClusterTasks_TallyRemote tally, long n) {
    return Ray.get(tally.add(n));
  }

  /**
   * A ref to {@code bytes} bytes this task's worker put, carried in a value of {@code ballast}
   * bytes more, and the pid of the job host that keeps both.
   */
  record Carrier(ObjectRef<byte[]> inside, byte[] ballast, long jobHost) {}

  /**
   * A {@link Carrier}. The worker's own ref to what it put is collected soon after (as a busy
   * worker's would be), and then the file {@code dropped} is made.
   */
  @Remote
  static Carrier carrier(int bytes, int ballast, String dropped) throws InterruptedException {
    byte[] filled = new byte[bytes];
    java.util.Arrays.fill(filled, (byte) 7);
    ObjectRef<byte[]> put = Ray.put(filled);
    java.lang.ref.WeakReference<ObjectRef<byte[]>> mine = new java.lang.ref.WeakReference<>(put);
    Thread collector = new Thread(() -> {
      try {
        while (mine.get() != null) {
          Thread.sleep(100);
          System.gc();
        }
        Thread.sleep(500); // its release reaches the job host
        java.nio.file.Files.createFile(java.nio.file.Path.of(dropped));
      } catch (InterruptedException | java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    collector.setDaemon(true);
    collector.start();
    return new Carrier(put, new byte[ballast], hostPid(0));
  }

  /** Kills a tally through its handle, from wherever this runs. */
  @Remote
  static boolean killVia(ClusterTasks_TallyRemote tally) {
    Ray.kill(tally);
    return true;
  }

  /** The node this runs on, as the runtime context says. */
  @Remote
  static String nodeId() {
    return Ray.getRuntimeContext().getCurrentNodeId();
  }

  @Remote
  static long plusOne(long value) {
    return value + 1;
  }

  /** A ref to a nested task's result, which its node made and keeps. */
  @Remote
  static ObjectRef<Long> nested(long value) {
    return ClusterTasksRemote.plusOne(value);
  }

  /** A running total on some node, and where it runs. */
  @Remote
  public static class Tally {
    private long total;

    public Tally() {}

    public Tally(long start) {
      total = start;
    }

    public long add(long n) {
      total += n;
      return total;
    }

    public long total() {
      return total;
    }

    /** Adds what each ref, passed inside a list, refers to. */
    public long addAll(java.util.List<ObjectRef<Long>> refs) {
      for (ObjectRef<Long> ref : refs) {
        total += Ray.get(ref);
      }
      return total;
    }

    /** The pid of the job host whose actor host this is. */
    public long hostPid() {
      return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
  }
}
