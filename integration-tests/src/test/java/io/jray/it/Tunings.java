package io.jray.it;

import io.jray.Tuning;
import io.jray.annotations.Remote;
import io.jray.internal.BaseRuntime;
import io.jray.internal.RuntimeHolder;
import java.util.List;

/** Reports the tuning that the process it runs in uses, from a task and from an actor. */
public final class Tunings {
  private Tunings() {}

  /** A worker's share of the tuning, as the worker's own runtime holds it, and its pid. */
  @Remote
  public static List<Long> inTask() {
    return effective();
  }

  /** The same, from the process that hosts an actor. */
  @Remote
  public static class Probe {
    public Probe() {}

    public List<Long> inActor() {
      return effective();
    }
  }

  static List<Long> effective() {
    Tuning tuning = ((BaseRuntime) RuntimeHolder.current()).tuning();
    return List.of(tuning.lateFrameDelay().toNanos(), (long) tuning.repliesPerWrite(),
        tuning.storeLockTimeout().toNanos(), tuning.spinBeforePark().toNanos(),
        ProcessHandle.current().pid());
  }
}
