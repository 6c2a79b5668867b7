package com.example;

import io.jray.annotations.Remote;

public class Outer {
  public static class Inner {
    @Remote
    static boolean isEven(long n) {
      return n % 2 == 0;
    }
  }

  @Remote
  public static class Counter {
    private int count;

    public int increment() {
      return ++count;
    }
  }
}
