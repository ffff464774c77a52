package dev.tandem.verifier.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Inline SVG charts for the HTML reports (no scripts, no network): a titled chart with a y axis whose
 * ticks and label carry the unit, an x axis with its label and ticks, and an optional threshold drawn
 * as a dashed line with its name. It scales to the page's width (and to paper when printed), and stays
 * readable with one value and with hundreds (at most {@link #MAX_X_TICKS} x ticks).
 */
public final class SvgChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;
    static final int MAX_X_TICKS = 6;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A line at {@code value} (in the chart's unit) named {@code label}: "max-latency 500 ms". */
    public record Threshold(double value, String label) {
    }

    private SvgChart() {
    }

    /** One bar per value, in order (x: 1 to n), e.g. each canary's latency in arrival order. */
    public static void bars(StringBuilder html, String id, String title, String xLabel, String yLabel, String unit,
                            List<Long> values, Optional<Threshold> threshold) {
        bars(html, id, title, xLabel, yLabel, unit, values, List.of(), threshold);
    }

    /** As above, each bar named by {@code names} (one per value; empty: numbered 1 to n). */
    public static void bars(StringBuilder html, String id, String title, String xLabel, String yLabel, String unit,
                            List<Long> values, List<String> names, Optional<Threshold> threshold) {
        double max = top(values, threshold);
        open(html, id, title, yLabel, unit, max, values.isEmpty());
        double plot = WIDTH - LEFT - RIGHT;
        double width = values.isEmpty() ? 0 : plot / values.size();
        for (int i = 0; i < values.size(); i++) {
            double h = Math.max(0, values.get(i)) / max * plotHeight(); // the axis starts at 0: a negative value is told in its title
            html.append(String.format(Locale.ROOT, "<rect class=\"value\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"#4078c0\"><title>%s: %d %s</title></rect>", LEFT + i * width, TOP + plotHeight() - h,
                    Math.max(0.5, width - (width > 3 ? 1 : 0)), h,
                    Xhtml.escape(names.isEmpty() ? String.valueOf(i + 1) : names.get(i)), values.get(i), Xhtml.escape(unit)));
        }
        for (int tick : ticks(values.size())) {
            double x = LEFT + (tick - 0.5) * width;
            xTick(html, x, names.isEmpty() ? String.valueOf(tick) : names.get(tick - 1));
        }
        close(html, xLabel, threshold, max);
    }

    /** One point per (time, value), placed by time and joined by a line, e.g. a drill's RPO over its runs. */
    public static void overTime(StringBuilder html, String id, String title, String yLabel, String unit,
                                List<Instant> times, List<Long> values, Optional<Threshold> threshold) {
        double max = top(values, threshold);
        open(html, id, title, yLabel, unit, max, values.isEmpty());
        double plot = WIDTH - LEFT - RIGHT;
        long first = times.stream().mapToLong(Instant::toEpochMilli).min().orElse(0);
        long last = times.stream().mapToLong(Instant::toEpochMilli).max().orElse(0);
        StringBuilder line = new StringBuilder();
        double[] xs = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            long t = times.get(i).toEpochMilli();
            xs[i] = LEFT + (last == first ? plot / 2 : (double) (t - first) / (last - first) * plot);
            double y = TOP + plotHeight() - Math.max(0, values.get(i)) / max * plotHeight();
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], y));
            html.append(String.format(Locale.ROOT, "<circle class=\"value\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"#4078c0\">"
                    + "<title>%s: %d %s</title></circle>", xs[i], y, values.size() > 50 ? 2 : 4, DATE.format(times.get(i)),
                    values.get(i), Xhtml.escape(unit)));
        }
        if (values.size() > 1) {
            html.append("<polyline fill=\"none\" stroke=\"#4078c0\" stroke-width=\"1.5\" points=\"")
                    .append(line.toString().strip()).append("\"/>");
        }
        for (int tick : ticks(values.size())) {
            xTick(html, xs[tick - 1], DATE.format(times.get(tick - 1)));
        }
        close(html, "run (UTC)", threshold, max);
    }

    private static double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** The y axis' top: a round number above the values and the threshold. */
    private static double top(List<Long> values, Optional<Threshold> threshold) {
        double max = Math.max(values.stream().mapToLong(Long::longValue).max().orElse(0),
                threshold.map(Threshold::value).orElse(0.0));
        return niceCeiling(Math.max(1, max * 1.05));
    }

    static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** Which of 1..n get an x tick: the first, the last and evenly between, at most MAX_X_TICKS. */
    static List<Integer> ticks(int n) {
        if (n == 0) {
            return List.of();
        }
        int count = Math.min(n, MAX_X_TICKS);
        java.util.TreeSet<Integer> ticks = new java.util.TreeSet<>();
        for (int i = 0; i < count; i++) {
            ticks.add(count == 1 ? 1 : 1 + (int) Math.round((double) i * (n - 1) / (count - 1)));
        }
        return List.copyOf(ticks);
    }

    private static void open(StringBuilder html, String id, String title, String yLabel, String unit, double max,
                             boolean empty) {
        html.append("<figure class=\"chart\"><svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"100%\"")
                .append(" style=\"max-width:").append(WIDTH).append("px\" role=\"img\" font-family=\"sans-serif\"")
                .append(" font-size=\"11\"><title>").append(Xhtml.escape(title)).append("</title>");
        html.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">")
                .append(Xhtml.escape(title)).append("</text>");
        // y axis, its ticks (0, a quarter, ... the top) and its label with the unit
        html.append(line(LEFT, TOP, LEFT, TOP + plotHeight(), "#444"));
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            double y = TOP + plotHeight() - plotHeight() * i / 4;
            html.append(line(LEFT - 4, y, WIDTH - RIGHT, y, i == 0 ? "#444" : "#e5e5e5"));
            html.append(String.format(Locale.ROOT, "<text class=\"y-tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, format(value)));
        }
        html.append(String.format(Locale.ROOT, "<text class=\"y-label\" transform=\"translate(14,%.1f) rotate(-90)\""
                + " text-anchor=\"middle\">%s (%s)</text>", TOP + plotHeight() / 2, Xhtml.escape(yLabel), Xhtml.escape(unit)));
        if (empty) {
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#888\">"
                    + "no values</text>", LEFT + (WIDTH - LEFT - RIGHT) / 2.0, TOP + plotHeight() / 2));
        }
    }

    private static void xTick(StringBuilder html, double x, String label) {
        html.append(line(x, TOP + plotHeight(), x, TOP + plotHeight() + 4, "#444"));
        html.append(String.format(Locale.ROOT, "<text class=\"x-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                x, TOP + plotHeight() + 16, Xhtml.escape(label)));
    }

    private static void close(StringBuilder html, String xLabel, Optional<Threshold> threshold, double max) {
        html.append(String.format(Locale.ROOT, "<text class=\"x-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 8, Xhtml.escape(xLabel)));
        threshold.ifPresent(t -> {
            double y = TOP + plotHeight() - t.value() / max * plotHeight();
            html.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#cf222e\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>", LEFT, y, WIDTH - RIGHT, y));
            html.append(String.format(Locale.ROOT, "<text class=\"threshold-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\""
                    + " fill=\"#cf222e\">%s</text>", WIDTH - RIGHT, y - 4, Xhtml.escape(t.label())));
        });
        html.append("</svg></figure>\n");
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                x1, y1, x2, y2, color);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
