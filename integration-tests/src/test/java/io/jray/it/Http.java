package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the dashboard's JSON the way a script would: GET, then look at the text. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> get(String url) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The body of a 200 JSON answer. */
  static String json(String url) throws Exception {
    HttpResponse<String> response = get(url);
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    assertEquals("application/json; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""), url);
    return response.body();
  }

  /** Polls url until its body passes the check, or fails after the deadline with the last body. */
  static String await(String url, Duration deadline, Predicate<String> check) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    String body = json(url);
    while (!check.test(body)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("after " + deadline.toSeconds() + " s " + url + " still says: "
            + body);
      }
      Thread.sleep(100);
      body = json(url);
    }
    return body;
  }

  /** The whole number after "name": the first time it occurs. */
  static long number(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(-?\\d+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  /** The JSON objects of a page's items, as text, one each. */
  static List<String> items(String json) {
    List<String> items = new ArrayList<>();
    int start = json.indexOf("\"items\":[");
    if (start < 0) {
      throw new AssertionError("no items in " + json);
    }
    int depth = 0;
    int from = -1;
    boolean inString = false;
    for (int i = start + 9; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        if (depth++ == 0) {
          from = i;
        }
      } else if (c == '}') {
        if (--depth == 0) {
          items.add(json.substring(from, i + 1));
        }
      } else if (c == ']' && depth == 0) {
        break;
      }
    }
    return items;
  }
}
