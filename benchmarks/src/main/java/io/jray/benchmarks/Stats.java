package io.jray.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Samples of one figure (one per timed trial or iteration): median and spread, as Ray reports. */
record Stats(List<Double> samples) {
  Stats {
    samples = List.copyOf(samples);
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
  }

  static Stats of(double... values) {
    List<Double> list = new ArrayList<>();
    for (double value : values) {
      list.add(value);
    }
    return new Stats(list);
  }

  Stats scaled(double factor) {
    List<Double> scaled = new ArrayList<>();
    samples.forEach(sample -> scaled.add(sample * factor));
    return new Stats(scaled);
  }

  double median() {
    List<Double> sorted = sorted();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return sorted().get(0);
  }

  double max() {
    return sorted().get(samples.size() - 1);
  }

  int count() {
    return samples.size();
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted;
  }
}
