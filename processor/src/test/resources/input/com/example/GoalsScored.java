package com.example;

import io.jray.annotations.Remote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Remote(maxRestarts = 2, numCpus = 1, resources = "special=1")
public class GoalsScored extends Team<String> {
  private final List<Integer> history = new ArrayList<>();
  private int goals;

  public GoalsScored() {}

  public GoalsScored(int start) {
    goals = start;
  }

  public int score() {
    goals += 1;
    history.add(goals);
    return goals;
  }

  public int score(int times) {
    goals += times;
    return goals;
  }

  public void reset(List<Integer> startingHistory) {
    history.clear();
    history.addAll(startingHistory);
  }

  public Map<String, List<Integer>> byPlayer(String... players) {
    return Map.of();
  }

  /** Overrides Object's: the handle's toString prints the actor instead. */
  @Override
  public String toString() {
    return "goals=" + goals;
  }

  /** Not public: no stub. */
  int peek() {
    return goals;
  }

  @Remote
  public static long helper(int x) {
    return 2L * x;
  }
}
