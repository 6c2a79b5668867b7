package io.jray.it;

import io.jray.annotations.Remote;

/** An actor for the dashboard's tests: it counts, and prints as it does. */
@Remote
public class PageCounter {
  private long count;

  public PageCounter() {}

  public long increment() {
    count++;
    System.out.println("page counter at " + count);
    return count;
  }

  public long pid() {
    return ProcessHandle.current().pid();
  }
}
