package io.jray.it;

import io.jray.annotations.Remote;

/** User code for the dashboard's tests: tasks that take a while, and tasks that print. */
public final class DashboardTasks {
  private DashboardTasks() {}

  /** Sleeps, then returns the worker's pid. */
  @Remote
  public static long spin(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return ProcessHandle.current().pid();
  }

  /** Prints a line on stdout and returns the worker's pid. */
  @Remote
  public static long say(String line) {
    System.out.println(line);
    return ProcessHandle.current().pid();
  }

  /** Prints a line on stderr and returns the worker's pid. */
  @Remote
  public static long shout(String line) {
    System.err.println(line);
    return ProcessHandle.current().pid();
  }
}
