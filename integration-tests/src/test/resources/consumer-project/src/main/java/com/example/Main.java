package com.example;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.util.ArrayList;
import java.util.List;

public class Main {
  public static void main(String[] args) {
    Ray.init(RayConfig.builder().numCpus(2).build());
    try {
      List<ObjectRef<Integer>> counts = new ArrayList<>();
      for (String line : List.of("one two three", "four five", "six")) {
        counts.add(WordCountRemote.count(line));
      }
      ObjectRef<Integer> total = WordCountRemote.sum(Ray.put(Ray.get(counts)));
      System.out.println("words: " + Ray.get(total));
    } finally {
      Ray.shutdown();
    }
  }
}
