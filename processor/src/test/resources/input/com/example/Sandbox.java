package com.example;

import io.jray.annotations.Remote;

/** Counts in a static field: two actors in one JVM would share the count. */
@Remote(isolated = true)
public class Sandbox {
  private static int calls;

  public int call() {
    return ++calls;
  }
}
