package io.jray.internal.cluster;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a node started without options uses: its address, and its JVM's flags. */
public final class NodeDefaults {
  /**
   * The flags Hazelcast asks for on JDK 17+ (it runs without them, slower and with warnings),
   * beside those jray passes for Chronicle Map.
   */
  private static final List<String> HAZELCAST_FLAGS = List.of(
      "--add-modules=java.se",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.management/sun.management=ALL-UNNAMED",
      "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private NodeDefaults() {}

  /**
   * The address a node listens on when none is given: for a node joining {@code head}, the one
   * this machine reaches the head from; for a head, this machine's first site-local IPv4
   * address, else loopback.
   */
  public static String nodeIp(String head) throws IOException {
    if (head != null) {
      try (Socket socket = new Socket()) {
        socket.connect(Addresses.parse(head), 3_000);
        return socket.getLocalAddress().getHostAddress();
      }
    }
    List<NetworkInterface> interfaces;
    try {
      interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
    } catch (SocketException e) {
      return InetAddress.getLoopbackAddress().getHostAddress();
    }
    for (NetworkInterface network : interfaces) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
          return address.getHostAddress();
        }
      }
    }
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

  /**
   * The JVM options for a node's own process: this JVM's (jray's flags came with them), minus
   * a debugger's, plus Hazelcast's.
   */
  public static List<String> jvmOptions(List<String> inherited) {
    List<String> options = new ArrayList<>();
    for (String option : inherited) {
      if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")) {
        options.add(option);
      }
    }
    for (String flag : HAZELCAST_FLAGS) {
      if (!inherited.contains(flag)) {
        options.add(flag);
      }
    }
    return options;
  }
}
