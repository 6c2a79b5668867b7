package io.jray.internal.dashboard;

import io.jray.state.RayState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A request's query parameters, with the paging ones checked. */
final class Query {
  static final int DEFAULT_LIMIT = 100;

  private final Map<String, String> params = new HashMap<>();

  Query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  String text(String name) {
    return params.get(name);
  }

  long number(String name, long otherwise) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was " + value);
    }
  }

  int offset() {
    long offset = number("offset", 0);
    if (offset < 0 || offset > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    return (int) offset;
  }

  int limit() {
    return limit(DEFAULT_LIMIT);
  }

  int limit(int otherwise) {
    long limit = number("limit", otherwise);
    if (limit < 1 || limit > RayState.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + RayState.MAX_LIMIT + ", was " + limit);
    }
    return (int) limit;
  }
}
