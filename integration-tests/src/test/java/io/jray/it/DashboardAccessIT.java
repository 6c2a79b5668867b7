package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Ray;
import io.jray.RayConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may read the dashboard of a real session: bound beyond loopback only a request with the
 * session's token; on loopback only a request that names loopback (no DNS rebinding).
 */
@Timeout(180)
class DashboardAccessIT {
  private static final Pattern TOKEN = Pattern.compile("/\\?token=([A-Za-z0-9_-]{43})$");

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void boundToEveryAddressEveryPathAsksForTheToken() throws Exception {
    String log = stderrOf(() -> Ray.init(RayConfig.builder().numCpus(1).dashboardPort(0)
        .dashboardHost("0.0.0.0").build()));
    String url = Ray.state().dashboardUrl().orElseThrow();
    Matcher token = TOKEN.matcher(url);
    assertTrue(token.find(), "no token in " + url);
    assertTrue(log.contains("View the dashboard at " + url), log);

    long worker = Ray.get(TasksRemote.pid(), Duration.ofSeconds(60));
    // "Another host" would do as well; the test keeps to loopback addresses.
    String base = "http://127.0.0.1:" + URI.create(url).getPort();
    String[] paths = {"/", "/app.js", "/api/summary", "/api/tasks?state=finished",
        "/api/processes", "/api/logs?pid=" + worker};
    for (String path : paths) {
      HttpResponse<String> refused = Http.get(base + path);
      assertEquals(401, refused.statusCode(), path + ": " + refused.body());
      assertTrue(refused.body().contains("?token=")
          && refused.body().contains("Ray.state().dashboardUrl()"), refused.body());
      assertFalse(refused.body().contains(token.group(1)), "the 401 gave the token away");
      assertEquals(401, Http.get(base + path + (path.contains("?") ? "&" : "?")
          + "token=" + "A".repeat(43)).statusCode(), path + " with a wrong token");

      HttpResponse<String> served = Http.get(base + path + (path.contains("?") ? "&" : "?")
          + "token=" + token.group(1));
      assertEquals(200, served.statusCode(), path + ": " + served.body());
    }
    assertTrue(Http.get(base + "/api/tasks?state=finished&token=" + token.group(1)).body()
        .contains("io.jray.it.Tasks.pid"));
  }

  @Test
  void onLoopbackAPageServedUnderAnotherNameIsRefused() throws Exception {
    Ray.init(RayConfig.builder().numCpus(1).dashboardPort(0).build());
    String url = Ray.state().dashboardUrl().orElseThrow();
    assertFalse(url.contains("token"), "loopback asks for no token: " + url);
    int port = URI.create(url).getPort();

    assertTrue(rawGet(port, "evil.example:" + port).startsWith("HTTP/1.1 403"));
    assertTrue(rawGet(port, "evil.example").startsWith("HTTP/1.1 403"));
    assertTrue(rawGet(port, "127.0.0.1:" + port).startsWith("HTTP/1.1 200"));
    assertTrue(rawGet(port, "localhost:" + port).startsWith("HTTP/1.1 200"));
    assertEquals(200, Http.get(url + "/api/summary").statusCode());
  }

  /** A GET of /api/summary with the Host header given (HttpClient will not send a forged one). */
  private static String rawGet(int port, String host) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/summary HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** What jray logs (slf4j-simple writes to System.err) while the action runs, passed on too. */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        copy.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        copy.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return copy.toString(StandardCharsets.UTF_8);
  }
}
