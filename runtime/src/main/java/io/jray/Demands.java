package io.jray;

import io.jray.internal.resources.ResourceSet;
import java.util.Map;
import java.util.Objects;

/** Checks the resource amounts that options and configs collect, the same way for each. */
final class Demands {
  private Demands() {}

  static void putCpus(Map<String, Double> into, double cpus) {
    into.put(ResourceSet.CPU, amount("numCpus", cpus));
  }

  static void putGpus(Map<String, Double> into, double gpus) {
    amount("numGpus", gpus);
    if (gpus > 1 && gpus != Math.rint(gpus)) {
      throw new IllegalArgumentException("numGpus must be a whole number, or a fraction of one"
          + " GPU (such as 0.5), was " + gpus + ".");
    }
    into.put(ResourceSet.GPU, gpus);
  }

  static void putMemory(Map<String, Double> into, long bytes) {
    into.put(ResourceSet.MEMORY, amount("memoryBytes", bytes));
  }

  /** A custom resource; CPU, GPU and memory have calls of their own. */
  static void putCustom(Map<String, Double> into, String name, double amount) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case ResourceSet.CPU, ResourceSet.GPU, ResourceSet.MEMORY -> throw new
          IllegalArgumentException("Set '" + name + "' with " + (name.equals(ResourceSet.CPU)
              ? "numCpus" : name.equals(ResourceSet.GPU) ? "numGpus" : "memoryBytes")
          + "(...), not resource(\"" + name + "\", ...).");
      default -> { }
    }
    into.put(ResourceSet.checkName(name), amount(name, amount));
  }

  /** Pins the work to the node with this id (see ResourceSet#NODE_AFFINITY). */
  static void putNodeAffinity(Map<String, Double> into, String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    into.put(ResourceSet.checkName(ResourceSet.nodeResource(nodeId)), ResourceSet.NODE_AFFINITY);
  }

  private static double amount(String what, double amount) {
    if (!(amount >= 0) || Double.isInfinite(amount)) {
      throw new IllegalArgumentException(what + " must be 0 or more, was " + amount + ".");
    }
    return amount;
  }
}
