package dev.tandem.verifier.report;

import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.topology.TopologyResult;
import java.util.List;
import java.util.Locale;

/**
 * A run as one self-contained HTML file ({@link Xhtml}: no scripts, no network; well-formed, so
 * tools can parse it): the verdict, a table per check, and the canaries' latencies as an inline SVG chart
 * (one bar per canary, in arrival order).
 */
public final class ReportHtml {

    private static final int CHART_WIDTH = 640;
    private static final int CHART_HEIGHT = 200;

    private ReportHtml() {
    }

    public static String render(VerificationReport r) {
        StringBuilder html = new StringBuilder();
        Xhtml.open(html, "Tandem verification " + r.flow(), "Verification of flow " + r.flow() + " (" + r.source()
                + " \u2192 " + r.target() + ")", r.runId(), r.startedAt(), r.finishedAt());
        Xhtml.verdict(html, r.passed(), r.failureTexts());
        topology(html, r.topology());
        canaries(html, r.canaries());
        checkpoint(html, r.checkpoint());
        Xhtml.close(html);
        return html.toString();
    }

    private static void topology(StringBuilder html, TopologyResult t) {
        html.append("<h2>Topology</h2>\n<table id=\"topology\"><tr><th>topics checked</th><td>").append(t.checked())
                .append("</td></tr><tr><th>problems</th><td>").append(t.problems().size()).append("</td></tr></table>\n");
        if (!t.problems().isEmpty()) {
            html.append("<table id=\"topology-problems\"><tr><th>topic</th><th>replica</th><th>problem</th></tr>");
            t.problems().forEach(p -> html.append("<tr><td>").append(Xhtml.escape(p.topic())).append("</td><td>")
                    .append(Xhtml.escape(p.replica())).append("</td><td>").append(Xhtml.escape(p.detail())).append("</td></tr>"));
            html.append("</table>\n");
        }
    }

    private static void canaries(StringBuilder html, CanaryResult c) {
        html.append("<h2>Canaries</h2>\n<table id=\"canaries\">");
        Xhtml.row(html, "sent", c.sent());
        Xhtml.row(html, "delivered", c.delivered());
        Xhtml.row(html, "lost", c.lost());
        Xhtml.row(html, "duplicated", c.duplicated());
        Xhtml.row(html, "reordered", c.reordered());
        Xhtml.row(html, "latency p50 ms", c.latency().p50());
        Xhtml.row(html, "latency p95 ms", c.latency().p95());
        Xhtml.row(html, "latency p99 ms", c.latency().p99());
        Xhtml.row(html, "latency max ms", c.latency().max());
        html.append("</table>\n");
        chart(html, c.latenciesMs());
    }

    private static void checkpoint(StringBuilder html, CheckpointResult k) {
        html.append("<h2>Checkpoint</h2>\n<table id=\"checkpoint\">");
        Xhtml.row(html, "group", k.group());
        Xhtml.row(html, "source", k.topic() + "-" + k.partition() + " offset " + k.sourceOffset());
        Xhtml.row(html, "target offset", k.targetOffset().isPresent() ? String.valueOf(k.targetOffset().getAsLong()) : "-");
        Xhtml.row(html, "kind", k.kind());
        Xhtml.row(html, "exact", k.exact());
        Xhtml.row(html, "error (records)", k.errorRecords().isPresent() ? String.valueOf(k.errorRecords().getAsLong()) : "-");
        Xhtml.row(html, "age ms", k.ageMs());
        k.problem().ifPresent(p -> Xhtml.row(html, "problem", p));
        html.append("</table>\n");
    }

    /** One bar per delivered canary, height proportional to its latency. */
    private static void chart(StringBuilder html, List<Long> latencies) {
        long max = Math.max(1, latencies.stream().mapToLong(Long::longValue).max().orElse(1));
        double width = latencies.isEmpty() ? 0 : (double) CHART_WIDTH / latencies.size();
        html.append("<svg id=\"latency-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH + 60)
                .append("\" height=\"").append(CHART_HEIGHT + 30).append("\" role=\"img\">")
                .append("<title>End-to-end latency of each canary, in arrival order (max ").append(max)
                .append(" ms)</title>");
        html.append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(max).append(" ms</text>")
                .append("<text x=\"0\" y=\"").append(CHART_HEIGHT + 25).append("\" font-size=\"11\">0</text>");
        for (int i = 0; i < latencies.size(); i++) {
            double h = (double) latencies.get(i) / max * CHART_HEIGHT;
            html.append(String.format(Locale.ROOT, "<rect class=\"latency\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                    + " height=\"%.1f\" fill=\"#4078c0\"><title>%d ms</title></rect>", 50 + i * width,
                    CHART_HEIGHT + 15 - h, Math.max(1, width - 1), h, latencies.get(i)));
        }
        html.append("</svg>\n");
    }
}
