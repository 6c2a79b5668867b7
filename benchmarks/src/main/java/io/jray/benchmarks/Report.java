package io.jray.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a table: printed, and written as Markdown and CSV, with a chart beside them. */
final class Report {
  static final String[] HEADER = {"metric", "median", "spread (min–max, n)", "unit", "baseline",
      "jray ÷ baseline", "target", "met?"};

  private final List<Metric> metrics;
  private final Map<String, Stats> results;
  private final Map<String, String> failures;

  Report(List<Metric> metrics, Map<String, Stats> results, Map<String, String> failures) {
    this.metrics = metrics;
    this.results = results;
    this.failures = failures;
  }

  /** One row of cells per metric that was run (or failed). */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    for (Metric metric : metrics) {
      Stats stats = results.get(metric.id());
      if (stats == null) {
        if (failures.containsKey(metric.id())) {
          rows.add(new String[] {metric.name(), "failed", failures.get(metric.id()), metric.unit(),
              "", "", "", ""});
        }
        continue;
      }
      Stats base = metric.baseline() == null ? null : results.get(metric.baseline());
      String baseline = base == null ? "—" : format(base.median()) + " (" + metric.baseline() + ")";
      String ratio = base == null ? "—" : String.format(Locale.ROOT, "%.3g×",
          stats.median() / base.median());
      String target = "—";
      String met = "—";
      Metric.Target t = metric.target();
      if (t != null && (t.kind() != Metric.Target.Kind.SHARE_OF_BASELINE || base != null)) {
        double bar = t.threshold(base == null ? 0 : base.median());
        target = (t.lowerIsBetter() ? "≤ " : "≥ ") + format(bar)
            + (t.kind() == Metric.Target.Kind.SHARE_OF_BASELINE
                ? String.format(Locale.ROOT, " (%.0f%% of baseline)", 100 * t.value()) : "");
        met = t.met(stats.median(), base == null ? 0 : base.median()) ? "yes" : "NO";
      }
      rows.add(new String[] {metric.name(), format(stats.median()),
          format(stats.min()) + " – " + format(stats.max()) + ", n=" + stats.count(),
          metric.unit(), baseline, ratio, target, met});
    }
    return rows;
  }

  String text() {
    List<String[]> rows = rows();
    int[] widths = new int[HEADER.length];
    for (String[] row : concat(HEADER, rows)) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : concat(HEADER, rows)) {
      for (int i = 0; i < row.length; i++) {
        boolean left = i == 0 || i == 3 || i == 4;
        String cell = left ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
        out.append(cell).append(i + 1 < row.length ? "  " : "\n");
      }
    }
    return out.toString();
  }

  String markdown(String preamble) {
    StringBuilder out = new StringBuilder(preamble).append('\n');
    out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
    out.append("|---|---:|---:|---|---|---:|---|---|\n");
    for (String[] row : rows()) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  String csv() {
    StringBuilder out = new StringBuilder("id,median,min,max,n,unit\n");
    for (Metric metric : metrics) {
      Stats stats = results.get(metric.id());
      if (stats != null) {
        out.append(String.format(Locale.ROOT, "%s,%.6g,%.6g,%.6g,%d,%s%n", metric.id(),
            stats.median(), stats.min(), stats.max(), stats.count(), metric.unit()));
      }
    }
    return out.toString();
  }

  void write(Path dir, String preamble) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("benchmarks.md"), markdown(preamble));
    Files.writeString(dir.resolve("benchmarks.csv"), csv());
    Files.writeString(dir.resolve("benchmarks.svg"), new Chart(metrics, results).svg());
  }

  /** Three significant figures, with thousands separators for large numbers. */
  static String format(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 1000) {
      double rounded = roundSignificant(value, 3);
      return String.format(Locale.ROOT, "%,.0f", rounded);
    }
    if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (magnitude >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }

  private static double roundSignificant(double value, int digits) {
    double scale = Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - digits + 1);
    return Math.round(value / scale) * scale;
  }

  private static String pad(String text, int width, boolean left) {
    String space = " ".repeat(Math.max(0, width - text.length()));
    return left ? text + space : space + text;
  }

  private static List<String[]> concat(String[] header, List<String[]> rows) {
    List<String[]> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }
}
