package io.jray.internal.resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's resources: its capacity, what is available now, and which GPUs are taken. Not
 * thread-safe: its owner (the driver's core, whose lock guards it) takes and gives back. Work
 * may start only when its demand {@link #fits}; it then holds what {@link #acquire} gave until
 * it gives it back with {@link #release}. A task that waits in {@code get} lends its CPUs
 * ({@link #lendCpus}), which may leave the node holding more than its capacity for a while, as
 * in Ray.
 *
 * <p>GPUs are numbered 0 to n-1: a whole number of GPUs takes that many free devices; a fraction
 * of one (0.5, say) shares a device with others whose fractions fit beside it.
 */
public final class NodeResources {
  private static final int[] NO_GPUS = new int[0];

  private final ResourceSet capacity;
  /** Per resource of the capacity, in its order: units free now (below zero while lent out). */
  private final long[] free;
  private final int cpuIndex;
  /** Units free on each GPU device. */
  private final long[] gpuFree;

  public NodeResources(ResourceSet capacity) {
    long gpus = capacity.units(ResourceSet.GPU);
    if (gpus % ResourceSet.UNIT != 0) {
      throw new IllegalArgumentException("A node has a whole number of GPUs, not "
          + ResourceSet.format(gpus));
    }
    this.capacity = capacity;
    this.free = new long[capacity.size()];
    for (int i = 0; i < free.length; i++) {
      free[i] = capacity.unitsAt(i);
    }
    this.cpuIndex = indexOf(ResourceSet.CPU);
    this.gpuFree = new long[Math.toIntExact(gpus / ResourceSet.UNIT)];
    java.util.Arrays.fill(gpuFree, ResourceSet.UNIT);
  }

  public ResourceSet capacity() {
    return capacity;
  }

  /** What is free now, per resource of the capacity. */
  public ResourceSet available() {
    java.util.TreeMap<String, Long> units = new java.util.TreeMap<>();
    for (int i = 0; i < free.length; i++) {
      units.put(capacity.name(i), free[i]);
    }
    return ResourceSet.ofUnits(units);
  }

  /** Where the capacity lists the resource, or -1 (a handful of names: a scan is fastest). */
  private int indexOf(String name) {
    for (int i = 0; i < capacity.size(); i++) {
      if (capacity.name(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Why the demand can never fit this node, even empty, naming the resource, the amount asked
   * and the capacity; null if it can.
   */
  public String infeasible(ResourceSet demand) {
    for (int i = 0; i < demand.size(); i++) {
      String name = demand.name(i);
      long asked = demand.unitsAt(i);
      if (asked > capacity.units(name)) {
        return "it asks for " + ResourceSet.format(asked) + " " + name + " and this node has "
            + ResourceSet.format(capacity.units(name)) + (capacity.units(name) == 0
                ? " (give it some with RayConfig.builder()." + configCall(name) + ")" : "");
      }
    }
    long gpus = demand.units(ResourceSet.GPU);
    if (gpus > ResourceSet.UNIT && gpus % ResourceSet.UNIT != 0) {
      return "it asks for " + ResourceSet.format(gpus) + " GPU: more than one GPU must be a"
          + " whole number";
    }
    return null;
  }

  private static String configCall(String name) {
    return switch (name) {
      case ResourceSet.CPU -> "numCpus(n)";
      case ResourceSet.GPU -> "numGpus(n)";
      default -> "resource(\"" + name + "\", amount)";
    };
  }

  /** Whether the demand can start now. */
  public boolean fits(ResourceSet demand) {
    if (demand == ResourceSet.ONE_CPU) {
      return cpuIndex >= 0 && free[cpuIndex] >= ResourceSet.UNIT; // the path of most tasks
    }
    for (int i = 0; i < demand.size(); i++) {
      int at = indexOf(demand.name(i));
      if (at < 0 || free[at] < demand.unitsAt(i)) {
        return false;
      }
    }
    return pickGpus(demand.units(ResourceSet.GPU)) != null;
  }

  /** Takes the demand (which must fit); returns the GPU devices it holds, if any. */
  public int[] acquire(ResourceSet demand) {
    if (demand == ResourceSet.ONE_CPU && cpuIndex >= 0) {
      free[cpuIndex] -= ResourceSet.UNIT; // as fits: most tasks, no names to look up
      return NO_GPUS;
    }
    change(demand, -1);
    long gpus = demand.units(ResourceSet.GPU);
    if (gpus == 0) {
      return NO_GPUS;
    }
    int[] devices = pickGpus(gpus);
    if (devices == null) {
      throw new IllegalStateException("no GPU devices free for " + demand);
    }
    long each = Math.min(gpus, ResourceSet.UNIT);
    for (int device : devices) {
      gpuFree[device] -= each;
    }
    return devices;
  }

  /** Gives back what {@link #acquire} took, with the GPU devices it gave. */
  public void release(ResourceSet demand, int[] devices) {
    if (demand == ResourceSet.ONE_CPU && cpuIndex >= 0) {
      free[cpuIndex] += ResourceSet.UNIT;
      return;
    }
    change(demand, 1);
    long each = Math.min(demand.units(ResourceSet.GPU), ResourceSet.UNIT);
    for (int device : devices) {
      gpuFree[device] += each;
    }
  }

  /** A holder of {@code demand} waits: its CPUs are free for others meanwhile (not its GPUs). */
  public void lendCpus(ResourceSet demand) {
    if (cpuIndex >= 0) {
      free[cpuIndex] += demand.units(ResourceSet.CPU);
    }
  }

  /** The holder waits no more: it takes its CPUs back, even past the capacity. */
  public void reclaimCpus(ResourceSet demand) {
    if (cpuIndex >= 0) {
      free[cpuIndex] -= demand.units(ResourceSet.CPU);
    }
  }

  /** Adds ({@code sign} 1) or takes ({@code -1}) the demand; it names only resources we have. */
  private void change(ResourceSet demand, int sign) {
    for (int i = 0; i < demand.size(); i++) {
      int at = indexOf(demand.name(i));
      if (at < 0) {
        throw new IllegalStateException("this node has no " + demand.name(i));
      }
      free[at] += sign * demand.unitsAt(i);
    }
  }

  /** The devices a GPU demand would take now, or null if they are not free. */
  private int[] pickGpus(long units) {
    if (units == 0) {
      return NO_GPUS;
    }
    List<Integer> picked = new ArrayList<>();
    if (units >= ResourceSet.UNIT) {
      long wanted = units / ResourceSet.UNIT;
      for (int device = 0; device < gpuFree.length && picked.size() < wanted; device++) {
        if (gpuFree[device] == ResourceSet.UNIT) {
          picked.add(device);
        }
      }
      if (picked.size() < wanted) {
        return null;
      }
    } else {
      // A fraction goes beside others on the fullest device it fits, to keep whole ones free.
      int best = -1;
      for (int device = 0; device < gpuFree.length; device++) {
        if (gpuFree[device] >= units && (best < 0 || gpuFree[device] < gpuFree[best])) {
          best = device;
        }
      }
      if (best < 0) {
        return null;
      }
      picked.add(best);
    }
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Per resource of the capacity, what is in use now: {name: [capacity, used]}. */
  public Map<String, double[]> use() {
    Map<String, double[]> use = new LinkedHashMap<>();
    for (int i = 0; i < capacity.size(); i++) {
      String name = capacity.name(i);
      long total = capacity.unitsAt(i);
      use.put(name, new double[] {total / (double) ResourceSet.UNIT,
          (total - free[i]) / (double) ResourceSet.UNIT});
    }
    return use;
  }
}
