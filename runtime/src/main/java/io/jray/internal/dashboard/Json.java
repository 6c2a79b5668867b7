package io.jray.internal.dashboard;

import java.time.Instant;
import java.util.BitSet;

/**
 * A small streaming JSON writer: objects, arrays, strings, numbers, booleans and null, with
 * commas placed for the caller. Enough for the dashboard's endpoints, with no dependency.
 */
final class Json {
  private final StringBuilder out = new StringBuilder(256);
  /** Per open container: whether it has a member yet (so the next one needs a comma). */
  private final BitSet hasMember = new BitSet();
  private int depth;
  private boolean afterName;

  Json beginObject() {
    return open('{');
  }

  Json endObject() {
    return close('}');
  }

  Json beginArray() {
    return open('[');
  }

  Json endArray() {
    return close(']');
  }

  Json name(String name) {
    separate();
    string(name);
    out.append(':');
    afterName = true;
    return this;
  }

  Json value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  Json value(long value) {
    separate();
    out.append(value);
    return this;
  }

  Json value(double value) {
    separate();
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      out.append("null");
    }
    return this;
  }

  Json value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  /** An instant as milliseconds since the epoch, or null. */
  Json value(Instant value) {
    if (value == null) {
      return value((String) null);
    }
    return value(value.toEpochMilli());
  }

  Json value(Integer value) {
    return value == null ? value((String) null) : value((long) value);
  }

  Json field(String name, String value) {
    return name(name).value(value);
  }

  Json field(String name, long value) {
    return name(name).value(value);
  }

  Json field(String name, double value) {
    return name(name).value(value);
  }

  Json field(String name, boolean value) {
    return name(name).value(value);
  }

  Json field(String name, Instant value) {
    return name(name).value(value);
  }

  Json field(String name, Integer value) {
    return name(name).value(value);
  }

  private Json open(char bracket) {
    separate();
    out.append(bracket);
    depth++;
    hasMember.clear(depth);
    return this;
  }

  private Json close(char bracket) {
    if (depth == 0) {
      throw new IllegalStateException("nothing to close");
    }
    depth--;
    out.append(bracket);
    return this;
  }

  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if (hasMember.get(depth)) {
        out.append(',');
      }
      hasMember.set(depth);
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        // '<' escaped too, so that no string can close a <script> if JSON is ever inlined.
        case '<' -> out.append("\\u003c");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    if (depth != 0) {
      throw new IllegalStateException("unclosed object or array");
    }
    return out.toString();
  }
}
