package io.jray.state;

/**
 * One resource of a node: how much it has and how much running work holds now.
 *
 * @param name {@code CPU}, {@code GPU}, {@code memory} (bytes) or a custom resource's name
 * @param capacity what the node has
 * @param used what running tasks and live actors hold; above the capacity for a while if tasks
 *     that waited in {@code get} (lending their CPUs) run again
 */
public record ResourceUse(String name, double capacity, double used) {
  /**
   * What is free now (0 if more than the capacity is in use).
   *
   * @return what is free now
   */
  public double available() {
    return Math.max(0, capacity - used);
  }
}
