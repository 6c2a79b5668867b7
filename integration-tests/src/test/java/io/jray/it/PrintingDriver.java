package io.jray.it;

import io.jray.Ray;
import io.jray.RayConfig;

/** A tiny driver program whose task prints a line. */
public final class PrintingDriver {
  private PrintingDriver() {}

  public static void main(String[] args) {
    Ray.init(RayConfig.builder().numCpus(1).build());
    try {
      System.out.println("driver pid " + ProcessHandle.current().pid());
      Ray.get(TasksRemote.print("hello from a task"));
    } finally {
      Ray.shutdown();
    }
  }
}
