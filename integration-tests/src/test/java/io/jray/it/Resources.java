package io.jray.it;

import io.jray.Ray;
import io.jray.RuntimeContext;
import io.jray.annotations.Remote;
import java.util.List;

/** Tasks and actors that ask for resources, and report what they saw. */
public final class Resources {
  private Resources() {}

  /** Both CPUs of a two-CPU machine: its own start and end (System.nanoTime, one clock per machine). */
  @Remote(numCpus = 2)
  public static long[] wide(int millis) throws InterruptedException {
    return span(millis);
  }

  /** One CPU unless its options say otherwise: its own start and end. */
  @Remote
  public static long[] timed(int millis) throws InterruptedException {
    return span(millis);
  }

  private static long[] span(int millis) throws InterruptedException {
    long start = System.nanoTime();
    Thread.sleep(millis);
    return new long[] {start, System.nanoTime()};
  }

  @Remote
  public static List<Integer> gpuIds() {
    return Ray.getRuntimeContext().getGpuIds();
  }

  /** Job, task, actor ("" if none) and node, as this task sees them. */
  @Remote
  public static List<String> context() {
    return describe(Ray.getRuntimeContext());
  }

  static List<String> describe(RuntimeContext context) {
    return List.of(context.getCurrentJobId(), context.getCurrentTaskId().orElse(""),
        context.getCurrentActorId().orElse(""), context.getCurrentNodeId(),
        Boolean.toString(context.wasCurrentActorRestarted()));
  }

  /** Holds one "special" while it lives. */
  @Remote(resources = "special=1")
  public static class Holder {
    public Holder() {}

    public int ping() {
      return 1;
    }
  }

  /** An actor that says who it is, and can end its own process. */
  @Remote
  public static class Knower {
    public Knower() {}

    public List<String> context() {
      return describe(Ray.getRuntimeContext());
    }

    /** Its process's CUDA_VISIBLE_DEVICES ("" if unset), then the context's GPU ids. */
    public List<String> gpus() {
      String env = System.getenv("CUDA_VISIBLE_DEVICES");
      return List.of(env == null ? "" : env, Ray.getRuntimeContext().getGpuIds().toString());
    }

    public long pid() {
      return ProcessHandle.current().pid();
    }

    public int die() {
      Runtime.getRuntime().halt(9);
      return 0;
    }
  }
}
