package cn.openlicense.gateway.api;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart drawn as inline SVG on the server: no script, no library from a CDN, so
 * it shows on offline government networks and under a CSP that allows no script. Each bar carries
 * its exact value in {@code data-value} (tests and readers compare it with the JSON API); the
 * same numbers are always also in a table beside the chart.
 */
final class SvgBarChart {

  /** One bar: its label, its value (drawn to scale) and how the value is written. */
  record Bar(String label, double value, String shown) {}

  private static final int WIDTH = 640;
  private static final int MAX_LABEL_WIDTH = 260;
  private static final int VALUE_WIDTH = 120;
  private static final int ROW = 26;

  private SvgBarChart() {}

  /** The chart as an {@code <svg>} element; labels and values are escaped. */
  static String render(String title, List<Bar> bars) {
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    int height = Math.max(1, bars.size()) * ROW + 8;
    int labelWidth = Math.min(MAX_LABEL_WIDTH,
        12 + bars.stream().mapToInt(b -> textWidth(b.label())).max().orElse(0));
    int span = WIDTH - labelWidth - VALUE_WIDTH;
    var s = new StringBuilder(256 + bars.size() * 256);
    s.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(height).append("\" aria-label=\"")
        .append(Html.escape(title)).append("\"><title>").append(Html.escape(title))
        .append("</title>\n");
    for (int i = 0; i < bars.size(); i++) {
      var b = bars.get(i);
      int y = 4 + i * ROW;
      double w = max <= 0 ? 0 : Math.max(b.value() > 0 ? 1 : 0, span * b.value() / max);
      s.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 17)
          .append("\" text-anchor=\"end\" font-size=\"13\">").append(Html.escape(b.label()))
          .append("</text><rect class=\"bar\" x=\"").append(labelWidth).append("\" y=\"")
          .append(y + 3).append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", w))
          .append("\" height=\"").append(ROW - 8).append("\" fill=\"#2f6db5\" data-label=\"")
          .append(Html.escape(b.label())).append("\" data-value=\"")
          .append(plain(b.value())).append("\"></rect><text x=\"")
          .append(String.format(Locale.ROOT, "%.1f", labelWidth + w + 6)).append("\" y=\"")
          .append(y + 17).append("\" font-size=\"13\">").append(Html.escape(b.shown()))
          .append("</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  /** Roughly how wide a label is drawn at 13px: CJK characters are square, Latin about half. */
  private static int textWidth(String label) {
    return label.codePoints().map(c -> c >= 0x2E80 ? 14 : 8).sum();
  }

  /** A number as JSON writes it: whole numbers without a fraction. */
  static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
