package io.jray.it;

import io.jray.Ray;
import io.jray.RayConfig;
import java.util.Arrays;

/**
 * A short driver program, run from jars only: one task, then shutdown. Args: {@code [--from-store]}
 * (the task reads its argument from the store, which a worker opens only at its first use), then
 * worker options.
 */
public final class CdsDriver {
  static final String FROM_STORE = "--from-store";

  private CdsDriver() {}

  public static void main(String[] args) {
    boolean fromStore = args.length > 0 && args[0].equals(FROM_STORE);
    RayConfig.Builder config = RayConfig.builder().numCpus(1);
    for (String option : Arrays.asList(args).subList(fromStore ? 1 : 0, args.length)) {
      config.addWorkerJvmOption(option);
    }
    Ray.init(config.build());
    try {
      System.out.println("sum " + Ray.get(fromStore
          ? TasksRemote.add(Ray.put(2L), 3) : TasksRemote.add(2, 3)));
    } finally {
      Ray.shutdown();
    }
  }
}
