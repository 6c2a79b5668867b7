package com.example;

import io.jray.annotations.Remote;
import java.util.List;

public class WordCount {
  @Remote
  public static int count(String text) {
    return text.isBlank() ? 0 : text.trim().split("\\s+").length;
  }

  @Remote
  public static int sum(List<Integer> counts) {
    return counts.stream().mapToInt(Integer::intValue).sum();
  }
}
