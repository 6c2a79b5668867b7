package io.jray.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG bar chart of each targeted figure as a share of its target, on a log scale: the line at
 * 100% is the target; a grey tick marks where the baseline (the floor) would stand.
 */
final class Chart {
  private static final int LABEL = 330;
  private static final int PLOT = 520;
  private static final int ROW = 28;
  private static final double MIN = 1e-3;
  private static final double MAX = 10;

  private final List<Metric> metrics;
  private final Map<String, Stats> results;

  Chart(List<Metric> metrics, Map<String, Stats> results) {
    this.metrics = metrics;
    this.results = results;
  }

  String svg() {
    StringBuilder body = new StringBuilder();
    int row = 0;
    for (Metric metric : metrics) {
      Stats stats = results.get(metric.id());
      Metric.Target target = metric.target();
      if (stats == null || target == null) {
        continue;
      }
      Stats base = metric.baseline() == null ? null : results.get(metric.baseline());
      if (target.kind() == Metric.Target.Kind.SHARE_OF_BASELINE && base == null) {
        continue;
      }
      double bar = target.threshold(base == null ? 0 : base.median());
      double share = share(stats.median(), bar, target.lowerIsBetter());
      int y = 40 + row * ROW;
      boolean met = target.met(stats.median(), base == null ? 0 : base.median());
      body.append(String.format(Locale.ROOT,
          "<text x='%d' y='%d' text-anchor='end'>%s</text>%n", LABEL - 8, y + 15,
          escape(metric.name())));
      body.append(String.format(Locale.ROOT,
          "<rect x='%d' y='%d' width='%.1f' height='18' fill='%s'/>%n", LABEL, y + 2,
          x(share) - LABEL, met ? "#3a8f4b" : "#c8553d"));
      body.append(String.format(Locale.ROOT,
          "<text x='%.1f' y='%d'>%s %s (%.0f%%)</text>%n", x(share) + 4, y + 15,
          Report.format(stats.median()), escape(metric.unit()), 100 * share));
      if (base != null) {
        double floor = share(base.median(), bar, target.lowerIsBetter());
        body.append(String.format(Locale.ROOT,
            "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#777' stroke-width='3'/>%n",
            x(floor), x(floor), y, y + 22));
      }
      row++;
    }
    int height = 70 + row * ROW;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d'"
        + " height='%d' font-family='sans-serif' font-size='12'>%n", LABEL + PLOT + 160, height));
    svg.append("<rect width='100%' height='100%' fill='white'/>\n");
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>jray: share of"
        + " issue 7's target (log scale; grey tick: baseline)</text>%n", LABEL));
    for (double tick = MIN; tick <= MAX * 1.001; tick *= 10) {
      svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='34' y2='%d'"
          + " stroke='%s'/>%n", x(tick), x(tick), height - 24,
          Math.abs(tick - 1) < 1e-9 ? "black" : "#ddd"));
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n",
          x(tick), height - 8, tick < 1 ? String.format(Locale.ROOT, "%.1f%%", 100 * tick)
              : String.format(Locale.ROOT, "%.0f%%", 100 * tick)));
    }
    return svg.append(body).append("</svg>\n").toString();
  }

  private static double share(double value, double bar, boolean lowerIsBetter) {
    double share = lowerIsBetter ? bar / value : value / bar;
    return Math.max(MIN, Math.min(MAX, share));
  }

  private static double x(double share) {
    return LABEL + PLOT * (Math.log10(share) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
