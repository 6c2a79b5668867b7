package io.jray.internal.dashboard;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a request's Host header names this machine's loopback. A dashboard bound to loopback
 * answers only such requests, so that a web page elsewhere whose name is made to resolve to
 * 127.0.0.1 (DNS rebinding) cannot read the session's tasks and logs from the user's browser.
 */
final class LoopbackHost {
  private static final Pattern IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

  private LoopbackHost() {}

  static boolean matches(String hostHeader) {
    if (hostHeader == null) {
      return true; // HTTP/1.0 clients send none; a browser always does
    }
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      String literal = end < 0 ? "" : host.substring(1, end);
      return literal.equals("::1") || literal.equals("0:0:0:0:0:0:0:1");
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    return host.equals("localhost") || IPV4.matcher(host).matches();
  }
}
