package dev.tandem.verifier.report;

import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.topology.TopologyResult;

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

    /** The report, without a latency threshold line. */
    public static String render(VerificationReport r) {
        return render(r, java.util.OptionalLong.empty());
    }

    /** The report, the canary latency chart with {@code maxLatencyMs} (the run's max-latency) drawn as a line. */
    public static String render(VerificationReport r, java.util.OptionalLong maxLatencyMs) {
        StringBuilder html = new StringBuilder();
        Xhtml.open(html, "Tandem verification " + r.flow(), "Verification of flow " + r.flow() + " (" + r.source()
                + " \u2192 " + r.target() + ")", r.runId(), r.startedAt(), r.finishedAt());
        Xhtml.verdict(html, r.passed(), r.failureTexts());
        topology(html, r.topology());
        canaries(html, r.canaries(), maxLatencyMs);
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

    private static void canaries(StringBuilder html, CanaryResult c, java.util.OptionalLong maxLatencyMs) {
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
        SvgChart.bars(html, "latency-chart", "End-to-end latency of each canary", "canary (in arrival order)",
                "latency", "ms", c.latenciesMs(), maxLatencyMs.isPresent()
                        ? java.util.Optional.of(new SvgChart.Threshold(maxLatencyMs.getAsLong(),
                                "max-latency " + maxLatencyMs.getAsLong() + " ms"))
                        : java.util.Optional.empty());
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
}
