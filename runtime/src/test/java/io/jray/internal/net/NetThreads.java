package io.jray.internal.net;

import java.util.List;
import java.util.stream.Collectors;

/** The data plane's threads that are alive now, by name. */
final class NetThreads {
  private NetThreads() {}

  static List<String> alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith("jray-net-"))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }
}
