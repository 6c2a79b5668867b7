package com.example;

import io.jray.annotations.Remote;

public class Overloads {
  @Remote
  public static int size(String s) {
    return s.length();
  }

  @Remote
  public static int size(Integer i) {
    return i;
  }

  @Remote
  public static String pad(String s, int width) {
    return s;
  }

  @Remote
  public static String pad(StringBuilder s, int width) {
    return s.toString();
  }

  @Remote
  public static int sum7(int a, int b, int c, int d, int e, int f, int g) {
    return a + b + c + d + e + f + g;
  }
}
