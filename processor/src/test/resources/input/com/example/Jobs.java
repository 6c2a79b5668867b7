package com.example;

import io.jray.annotations.Remote;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

public class Jobs {
  @Remote
  public static Iterator<Integer> countTo(int n, long pauseMillis) {
    return Stream.iterate(1, i -> i + 1).limit(n).iterator();
  }

  @Remote(maxRetries = 0, numCpus = 2)
  public static Stream<String> words(String text) {
    return Stream.of(text.split(" "));
  }

  @Remote
  public static class Reader {
    private final List<String> lines;

    public Reader(List<String> lines) {
      this.lines = lines;
    }

    public Stream<? extends CharSequence> lines() {
      return lines.stream();
    }

    public int count() {
      return lines.size();
    }
  }
}
