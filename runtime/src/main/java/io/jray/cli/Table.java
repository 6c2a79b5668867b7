package io.jray.cli;

import com.hazelcast.internal.json.JsonObject;
import com.hazelcast.internal.json.JsonValue;
import java.io.PrintStream;
import java.util.List;
import java.util.StringJoiner;

/** Plain-text tables and cells for the command line's output. */
final class Table {
  /** Longer cells (error messages, say) are cut, so that a row stays one line. */
  static final int MAX_CELL = 60;

  private Table() {}

  /** A JSON value as a cell: strings bare, null as "-", objects as {@code k=v, ...}. */
  static String text(JsonValue value) {
    if (value == null || value.isNull()) {
      return "-";
    }
    String text;
    if (value.isString()) {
      text = value.asString();
    } else if (value.isObject()) {
      StringJoiner joined = new StringJoiner(", ");
      for (JsonObject.Member member : value.asObject()) {
        joined.add(member.getName() + "=" + number(member.getValue()));
      }
      text = joined.toString();
    } else {
      text = number(value);
    }
    text = text.replace('\n', ' ');
    return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 1) + "…";
  }

  private static String number(JsonValue value) {
    if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
        && Math.abs(value.asDouble()) < 1e15) {
      return Long.toString((long) value.asDouble());
    }
    return value.isString() ? value.asString() : value.toString();
  }

  /** Prints rows (the first is the header) in columns two spaces apart. */
  static void print(List<String[]> rows, PrintStream out) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
