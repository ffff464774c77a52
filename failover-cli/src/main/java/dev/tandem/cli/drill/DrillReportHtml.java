package dev.tandem.cli.drill;

import dev.tandem.drill.DrillReport;
import dev.tandem.store.DrillRunRepository;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A drill run as one self-contained XHTML file (no scripts, no network): the verdict, the steps,
 * RPO, RTO and canary latency, and inline SVG trend charts of RPO and RTO over the drill's past runs.
 */
public final class DrillReportHtml {

    private static final int WIDTH = 600;
    private static final int HEIGHT = 160;

    private DrillReportHtml() {
    }

    /** @param history the drill's stored runs, this one included, newest first */
    public static String render(DrillReport r, List<DrillRunRepository.Run> history) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<title>Tandem drill ").append(esc(r.drill())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.passed{color:#1a7f37}")
                .append(".failed{color:#cf222e}.skipped{color:#888}</style></head><body>\n");
        html.append("<h1>Drill ").append(esc(r.drill())).append(" (flow ").append(esc(r.flow())).append(")</h1>\n");
        html.append("<p>Run <code>").append(esc(r.runId())).append("</code>, ").append(esc(r.startedAt().toString()))
                .append(" to ").append(esc(r.finishedAt().toString())).append("</p>\n");
        html.append("<h2 id=\"verdict\" class=\"").append(r.passed() ? "passed\">PASSED" : "failed\">FAILED").append("</h2>\n");
        if (!r.passed()) {
            html.append("<ul id=\"failures\">");
            r.failures().forEach(f -> html.append("<li>").append(esc(f)).append("</li>"));
            html.append("</ul>\n");
        }
        html.append("<table id=\"steps\"><tr><th>step</th><th>result</th><th>ms</th><th>detail</th></tr>");
        r.steps().forEach(s -> html.append("<tr><td>").append(esc(s.step())).append("</td><td class=\"").append(s.status())
                .append("\">").append(s.status()).append("</td><td>").append(s.durationMs()).append("</td><td>")
                .append(esc(s.detail())).append("</td></tr>"));
        html.append("</table>\n<table id=\"measures\">");
        row(html, "RPO records", r.rpo().map(p -> String.valueOf(p.records())).orElse("-"));
        row(html, "RPO window ms", r.rpo().map(p -> String.valueOf(p.windowMs())).orElse("-"));
        row(html, "RTO ms", r.rtoMs().map(String::valueOf).orElse("-"));
        row(html, "canary p99 ms", r.canaryP99Ms().map(String::valueOf).orElse("-"));
        html.append("</table>\n");
        List<DrillRunRepository.Run> oldestFirst = new java.util.ArrayList<>(history);
        java.util.Collections.reverse(oldestFirst);
        trend(html, "rpo-trend", "RPO window (ms) over the last runs", oldestFirst, DrillRunRepository.Run::rpoWindowMs);
        trend(html, "rto-trend", "RTO (ms) over the last runs", oldestFirst, DrillRunRepository.Run::rtoMs);
        html.append("</body></html>\n");
        return html.toString();
    }

    /** A line through one point per past run that measured the value (oldest on the left). */
    private static void trend(StringBuilder html, String id, String title, List<DrillRunRepository.Run> runs,
                              Function<DrillRunRepository.Run, Optional<Long>> value) {
        List<Long> values = runs.stream().map(value).flatMap(Optional::stream).toList();
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        html.append("<h2>").append(esc(title)).append("</h2>\n<svg id=\"").append(id)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + 60).append("\" height=\"")
                .append(HEIGHT + 30).append("\" role=\"img\"><title>").append(esc(title)).append("</title>")
                .append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(max).append("</text>");
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double x = 50 + (values.size() == 1 ? WIDTH / 2.0 : (double) i * WIDTH / (values.size() - 1));
            double y = HEIGHT + 15 - (double) values.get(i) / max * HEIGHT;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            html.append(String.format(Locale.ROOT, "<circle class=\"run\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#4078c0\">"
                    + "<title>%d</title></circle>", x, y, values.get(i)));
        }
        if (values.size() > 1) {
            html.append("<polyline fill=\"none\" stroke=\"#4078c0\" points=\"").append(points.toString().strip())
                    .append("\"/>");
        }
        html.append("</svg>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
