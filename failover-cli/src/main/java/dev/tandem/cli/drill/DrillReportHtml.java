package dev.tandem.cli.drill;

import dev.tandem.drills.DrillReport;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.verifier.report.Xhtml;
import java.util.ArrayList;
import java.util.Collections;
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
        Xhtml.open(html, "Tandem drill " + r.drill(), "Drill " + r.drill() + " (flow " + r.flow() + ")", r.runId(),
                r.startedAt(), r.finishedAt());
        Xhtml.verdict(html, r.passed(), r.failureTexts());
        html.append("<table id=\"steps\"><tr><th>step</th><th>result</th><th>ms</th><th>detail</th></tr>");
        r.steps().forEach(s -> html.append("<tr><td>").append(Xhtml.escape(s.step().yamlName())).append("</td><td class=\"")
                .append(s.status().wireName()).append("\">").append(s.status().wireName()).append("</td><td>")
                .append(s.durationMs()).append("</td><td>").append(Xhtml.escape(s.detail())).append("</td></tr>"));
        html.append("</table>\n<table id=\"measures\">");
        Xhtml.row(html, "RPO records", r.rpo().map(p -> String.valueOf(p.records())).orElse("-"));
        Xhtml.row(html, "RPO window ms", r.rpo().map(p -> String.valueOf(p.windowMs())).orElse("-"));
        Xhtml.row(html, "RTO ms", r.rtoMs().map(String::valueOf).orElse("-"));
        Xhtml.row(html, "canary p99 ms", r.canaryP99Ms().map(String::valueOf).orElse("-"));
        html.append("</table>\n");
        List<DrillRunRepository.Run> oldestFirst = new ArrayList<>(history);
        Collections.reverse(oldestFirst);
        trend(html, "rpo-trend", "RPO window (ms) over the last runs", oldestFirst, DrillRunRepository.Run::rpoWindowMs);
        trend(html, "rto-trend", "RTO (ms) over the last runs", oldestFirst, DrillRunRepository.Run::rtoMs);
        Xhtml.close(html);
        return html.toString();
    }

    /** A line through one point per past run that measured the value (oldest on the left). */
    private static void trend(StringBuilder html, String id, String title, List<DrillRunRepository.Run> runs,
                              Function<DrillRunRepository.Run, Optional<Long>> value) {
        List<Long> values = runs.stream().map(value).flatMap(Optional::stream).toList();
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        html.append("<h2>").append(Xhtml.escape(title)).append("</h2>\n<svg id=\"").append(id)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + 60).append("\" height=\"")
                .append(HEIGHT + 30).append("\" role=\"img\"><title>").append(Xhtml.escape(title)).append("</title>")
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
}
