package io.jray.it;

import io.jray.internal.cluster.LocalNodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes started through the command line, as a user starts them, with a test's own folder as
 * their temporary folder: their registry, jar cache and logs stay inside it.
 */
final class ClusterNodes {
  private final Path temp;

  ClusterNodes(Path temp) {
    this.temp = temp;
  }

  /** {@code java ... io.jray.cli.Jray args}, with the test's folder as the temporary one. */
  JvmProcess.Result jray(String... args) throws IOException, InterruptedException {
    List<String> flags = new ArrayList<>(JvmProcess.jrayFlags());
    flags.add("-Djava.io.tmpdir=" + temp);
    return JvmProcess.runMain(flags, "io.jray.cli.Jray", args);
  }

  /** The nodes the command line started, as {@code jray stop} finds them. */
  LocalNodes local() {
    return new LocalNodes(temp.resolve("jray-" + System.getProperty("user.name")).resolve("nodes"));
  }

  /** Stops every node as a user would, then kills what did not stop. */
  void stopAll() throws IOException, InterruptedException {
    jray("stop");
    for (LocalNodes.Entry node : local().running()) {
      node.process().ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** A port free on 127.0.0.1 now; the nodes use it (and the next) on each of their addresses. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
