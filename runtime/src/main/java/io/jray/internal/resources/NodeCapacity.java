package io.jray.internal.resources;

import io.jray.RayConfig;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** What this machine offers: RayConfig's CPUs, GPUs and custom resources, and its memory. */
public final class NodeCapacity {
  private NodeCapacity() {}

  public static ResourceSet of(RayConfig config) {
    Map<String, Double> capacity = new LinkedHashMap<>(config.resources());
    capacity.put(ResourceSet.CPU, (double) config.numCpus());
    capacity.put(ResourceSet.GPU, config.numGpus());
    capacity.put(ResourceSet.MEMORY, (double) machineMemoryBytes());
    return ResourceSet.of(capacity);
  }

  /** The machine's physical memory, as the JVM sees it (a container's limit, if any). */
  static long machineMemoryBytes() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
      return bean.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }
}
