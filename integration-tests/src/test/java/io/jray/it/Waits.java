package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.annotations.Remote;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Tasks that wait for their children in the ways a user may, other than Ray.get on their thread. */
public final class Waits {
  private Waits() {}

  @Remote
  public static long twice(long x) {
    return 2 * x;
  }

  /** Waits for its child through the child's future: {@code how} is the future's method. */
  @Remote
  public static long awaitChildFuture(long x, String how) throws Exception {
    CompletableFuture<Long> child = WaitsRemote.twice(x).toFuture();
    return switch (how) {
      case "join" -> child.join();
      case "get" -> child.get();
      case "getWithTimeout" -> child.get(5, TimeUnit.MINUTES);
      case "joinDerived" -> child.thenApply(v -> v).join();
      default -> throw new IllegalArgumentException(how);
    };
  }

  /**
   * Waits for its child on a thread of its own, and for that thread: {@code how} is "get" for
   * Ray.get, "wait" for Ray.wait then Ray.get.
   */
  @Remote
  public static long getChildInOwnThread(long x, String how) throws InterruptedException {
    return getInOwnThread(WaitsRemote.twice(x), how);
  }

  private static long getInOwnThread(ObjectRef<Long> ref, String how)
      throws InterruptedException {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        if (how.equals("wait")) {
          Ray.wait(List.of(ref));
        }
        outcome.set(Ray.get(ref));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    }, "user-thread");
    thread.start();
    thread.join();
    if (outcome.get() instanceof RuntimeException e) {
      throw e;
    }
    return (Long) outcome.get();
  }
}
