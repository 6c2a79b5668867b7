package io.jray.cli;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonObject;
import io.jray.internal.driver.SessionDir;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The command line's way to a running session: its dashboard's HTTP API, at an address given
 * with {@code --dashboard}, or else the one a live driver of this user on this machine wrote into
 * its session folder (the newest, if several run). A token in the address ({@code ?token=}) goes
 * with every request as a bearer token.
 */
final class SessionClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final List<Path> ROOTS =
      List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")));

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private SessionClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The session at {@code dashboard}, if given, else the newest live one on this machine. */
  static SessionClient find(String dashboard) {
    String url = dashboard != null ? dashboard : local().orElseThrow(() -> new IllegalStateException(
        "No jray session of this user runs on this machine (a driver that called Ray.init() with"
            + " its dashboard on). Start one, or give a dashboard's address with --dashboard"
            + " http://HOST:PORT."));
    return of(url);
  }

  /** The newest live session on this machine, if any. */
  static Optional<String> local() {
    List<Path> found = new ArrayList<>();
    for (Path root : ROOTS) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> sessions = Files.newDirectoryStream(root,
          SessionDir.PREFIX + "*")) {
        for (Path session : sessions) {
          Path file = session.resolve(SessionDir.DASHBOARD_URL_FILE);
          if (Files.isReadable(file) && driverAlive(session)) {
            found.add(file);
          }
        }
      } catch (IOException e) {
        // an unreadable root holds no session of ours
      }
    }
    return found.stream().max(Comparator.comparing(SessionClient::modified)).map(file -> {
      try {
        return Files.readString(file).trim();
      } catch (IOException e) {
        return null;
      }
    });
  }

  /** The driver's pid is in the folder's name: {@code jray-<pid>-<suffix>}. */
  private static boolean driverAlive(Path session) {
    String name = session.getFileName().toString().substring(SessionDir.PREFIX.length());
    int dash = name.indexOf('-');
    try {
      long pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  static SessionClient of(String url) {
    URI uri = URI.create(url.trim());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("Not a dashboard address: " + url
          + " (expected http://HOST:PORT, as the driver logged it)");
    }
    String token = null;
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.startsWith("token=")) {
          token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
      }
    }
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    return new SessionClient(base, token);
  }

  String base() {
    return base;
  }

  /** GETs an API path (with its query); returns the body of a 200 answer, else throws. */
  byte[] get(String pathAndQuery) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("The session's dashboard at " + base + " does not answer ("
          + e + "): has the driver ended?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(base + pathAndQuery + " answered " + response.statusCode()
          + ": " + new String(response.body(), StandardCharsets.UTF_8).trim());
    }
    return response.body();
  }

  JsonObject json(String pathAndQuery) {
    return Json.parse(new String(get(pathAndQuery), StandardCharsets.UTF_8)).asObject();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
