package io.jray.it;

import io.jray.Ray;
import io.jray.RayConfig;

/** A short driver program, run from jars only: one task, then shutdown. Args: worker options. */
public final class CdsDriver {
  private CdsDriver() {}

  public static void main(String[] args) {
    RayConfig.Builder config = RayConfig.builder().numCpus(1);
    for (String option : args) {
      config.addWorkerJvmOption(option);
    }
    Ray.init(config.build());
    try {
      System.out.println("sum " + Ray.get(TasksRemote.add(2, 3)));
    } finally {
      Ray.shutdown();
    }
  }
}
