package io.jray.samples;

import io.jray.annotations.Remote;

/** The seed's actor: a remote object that keeps a count between calls. */
@Remote
public class GoalsScored {
  private int goals;

  public GoalsScored() {}

  public GoalsScored(int start) {
    goals = start;
  }

  public int score() {
    goals += 1;
    return goals;
  }
}
