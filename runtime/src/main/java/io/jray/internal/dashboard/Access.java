package io.jray.internal.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Who may read the dashboard. On loopback only this machine reaches it, so no token is asked;
 * the Host header must still name loopback, or a web page elsewhere whose name is made to resolve
 * to 127.0.0.1 (DNS rebinding) could read the session from the user's browser. Bound beyond
 * loopback, every request must carry the session's token: in {@code ?token=}, in the cookie set
 * when a request carried it (so that the page's own files and polling get in), or as a bearer.
 */
final class Access {
  static final String TOKEN_PARAM = "token";
  static final String UNAUTHORIZED_TEXT = "This jray dashboard asks for a token. Open the address"
      + " that the driver logged (\"View the dashboard at ...?token=...\"), or the one that"
      + " Ray.state().dashboardUrl() returns.\n";
  static final String FOREIGN_HOST_TEXT = "This dashboard answers to 127.0.0.1 and localhost"
      + " only. To reach it by another name, set RayConfig.dashboardHost (which asks for a"
      + " token).";
  private static final int TOKEN_BYTES = 32;

  /** What to do with a request. */
  enum Verdict {
    /** Serve it. */
    ALLOW,
    /** Serve it, and set the cookie: it carried the token in its query. */
    ALLOW_AND_SET_COOKIE,
    /** 401: no token, or a wrong one. */
    NO_TOKEN,
    /** 403: a loopback dashboard asked for by a name that is not loopback. */
    FOREIGN_HOST
  }

  /** Null on loopback. */
  private final byte[] token;
  private final String cookieName;

  private Access(String token, int port) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.US_ASCII);
    // Browsers share cookies between the ports of one host: one name per port keeps two
    // sessions on one machine from overwriting each other's.
    this.cookieName = "jray-dashboard-" + port;
  }

  /** No token; the Host header must name loopback. */
  static Access loopback(int port) {
    return new Access(null, port);
  }

  /** A fresh random token for this session: 256 bits, URL-safe Base64. */
  static Access withNewToken(int port) {
    byte[] bytes = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new Access(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), port);
  }

  static Access withToken(String token, int port) {
    return new Access(token, port);
  }

  /** The token to put in the address, or null if none is asked. */
  String token() {
    return token == null ? null : new String(token, StandardCharsets.US_ASCII);
  }

  /**
   * The verdict on one request, from its Host header, its query's {@code token}, its Cookie
   * headers and its Authorization header (each may be null or empty).
   */
  Verdict check(String host, String queryToken, List<String> cookieHeaders, String authorization) {
    if (token == null) {
      return LoopbackHost.matches(host) ? Verdict.ALLOW : Verdict.FOREIGN_HOST;
    }
    if (matches(cookie(cookieHeaders)) || matches(bearer(authorization))) {
      return Verdict.ALLOW;
    }
    return matches(queryToken) ? Verdict.ALLOW_AND_SET_COOKIE : Verdict.NO_TOKEN;
  }

  /** The Set-Cookie value for a request that carried the token. */
  String setCookie() {
    // HttpOnly: no script reads it. SameSite=Strict: no other site's page makes a browser send
    // it. No Secure flag: the dashboard speaks plain HTTP.
    return cookieName + "=" + token() + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private boolean matches(String presented) {
    // MessageDigest.isEqual takes as long for any two arrays of one length: the time it takes
    // tells nothing of how much of a guess was right.
    return presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
  }

  private String cookie(List<String> headers) {
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(cookieName)) {
          return pair.substring(eq + 1).trim();
        }
      }
    }
    return null;
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    return value.toLowerCase(Locale.ROOT).startsWith("bearer ")
        ? value.substring("bearer ".length()).trim() : null;
  }
}
