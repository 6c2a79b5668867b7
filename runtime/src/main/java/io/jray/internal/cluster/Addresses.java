package io.jray.internal.cluster;

import io.jray.RayException;
import java.net.InetSocketAddress;

/** "host:port" as users write a node's address. */
public final class Addresses {
  private Addresses() {}

  public static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new RayException("A cluster address is host:port, e.g. 127.0.0.1:6380; got \""
          + address + "\"");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new RayException("The port in \"" + address + "\" is not a number");
    }
    if (port <= 0 || port > 65_535) {
      throw new RayException("The port in \"" + address + "\" is out of range");
    }
    return new InetSocketAddress(address.substring(0, colon), port);
  }
}
