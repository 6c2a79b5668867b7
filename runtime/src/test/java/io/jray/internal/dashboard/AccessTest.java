package io.jray.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.dashboard.Access.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final String TOKEN = "s3cr3t-Token_0123456789abcdefghijklmnopqrstu";

  @Test
  void onLoopbackNoTokenIsAskedButTheHostMustBeLoopback() {
    Access access = Access.loopback(8265);
    assertNull(access.token());
    for (String host : new String[] {"localhost", "localhost:8265", "127.0.0.1", "127.0.0.1:8265",
        "127.1.2.3:80", "[::1]", "[::1]:8265", "[0:0:0:0:0:0:0:1]:8265", "LOCALHOST:8265", null}) {
      assertEquals(Verdict.ALLOW, access.check(host, null, null, null), String.valueOf(host));
    }
    for (String host : new String[] {"evil.example", "evil.example:8265", "127.0.0.1.evil.example",
        "localhost.evil.example:8265", "10.0.0.1:8265", "[::2]:8265", "", "0.0.0.0:8265"}) {
      assertEquals(Verdict.FOREIGN_HOST, access.check(host, null, null, null), host);
    }
  }

  @Test
  void beyondLoopbackEveryRequestNeedsTheToken() {
    Access access = Access.withToken(TOKEN, 8265);
    assertEquals(Verdict.NO_TOKEN, access.check("localhost", null, null, null));
    assertEquals(Verdict.NO_TOKEN, access.check("10.0.0.1", "", List.of(), ""));
    assertEquals(Verdict.NO_TOKEN, access.check("10.0.0.1", TOKEN.substring(1), null, null));
    assertEquals(Verdict.NO_TOKEN, access.check("10.0.0.1", TOKEN + "x", null, null));
    assertEquals(Verdict.NO_TOKEN, access.check("10.0.0.1", TOKEN.toUpperCase(), null, null));
    // Any Host will do: the token is the guard.
    assertEquals(Verdict.ALLOW_AND_SET_COOKIE, access.check("evil.example", TOKEN, null, null));
  }

  @Test
  void theCookieOfThisPortOrABearerLetsIn() {
    Access access = Access.withToken(TOKEN, 8265);
    assertEquals(Verdict.ALLOW, access.check("h", null,
        List.of("theme=dark; jray-dashboard-8265=" + TOKEN + "; other=1"), null));
    assertEquals(Verdict.ALLOW, access.check("h", null, List.of("a=b", "jray-dashboard-8265="
        + TOKEN), null));
    assertEquals(Verdict.NO_TOKEN, access.check("h", null, List.of("jray-dashboard-8266=" + TOKEN),
        null), "another port's cookie");
    assertEquals(Verdict.NO_TOKEN, access.check("h", null, List.of("jray-dashboard-8265=nope"),
        null));
    assertEquals(Verdict.ALLOW, access.check("h", null, null, "Bearer " + TOKEN));
    assertEquals(Verdict.NO_TOKEN, access.check("h", null, null, "Basic " + TOKEN));
    // A request with the cookie already is not given it again.
    assertEquals(Verdict.ALLOW, access.check("h", TOKEN,
        List.of("jray-dashboard-8265=" + TOKEN), null));
  }

  @Test
  void theCookieIsHttpOnlyAndStrict() {
    String cookie = Access.withToken(TOKEN, 8265).setCookie();
    assertTrue(cookie.startsWith("jray-dashboard-8265=" + TOKEN + ";"), cookie);
    assertTrue(cookie.contains("; HttpOnly"), cookie);
    assertTrue(cookie.contains("; SameSite=Strict"), cookie);
    assertTrue(cookie.contains("; Path=/"), cookie);
  }

  @Test
  void newTokensAreLongRandomAndUrlSafe() {
    String one = Access.withNewToken(1).token();
    String two = Access.withNewToken(1).token();
    assertNotEquals(one, two);
    assertEquals(43, one.length(), one); // 256 bits in unpadded Base64
    assertTrue(one.matches("[A-Za-z0-9_-]+"), one);
    assertFalse(one.contains("="), one);
  }
}
