package dev.tandem.cli.status;

import dev.tandem.status.FlowStatus;
import dev.tandem.status.ProtectionStatus;
import dev.tandem.verifier.report.Xhtml;

/** The status page {@code --serve} answers: self-contained (no network), refreshing itself every 10 s, printable. */
public final class StatusHtml {

    static final int REFRESH_SECONDS = 10;

    private StatusHtml() {
    }

    public static String render(ProtectionStatus status) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"/>
                """).append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\"/>\n")
                .append("<title>Tandem status: ").append(status.level().name()).append("</title>\n").append("""
                <style>
                body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
                h1{font-size:1.3em;padding:.5em .8em;border-radius:4px}
                table{border-collapse:collapse;margin:.5em 0 1.5em}
                td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
                .green{background:#d9f2d9}.amber{background:#ffe8b3}.red{background:#f8c9c9}
                figure.chart{margin:1em 0;break-inside:avoid}
                @media print{body{margin:0}h1,td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
                </style></head><body>
                """);
        html.append("<h1 class=\"").append(status.level().label()).append("\">").append(Xhtml.escape(status.headline()))
                .append("</h1>\n");
        for (FlowStatus flow : status.flows()) {
            html.append("<h2>flow ").append(Xhtml.escape(flow.flow())).append(" (").append(Xhtml.escape(flow.source())).append(" &#8594; ")
                    .append(Xhtml.escape(flow.target())).append("): ").append(flow.level().name()).append("</h2>\n<table>\n");
            for (FlowStatus.Finding finding : flow.findings()) {
                html.append("<tr><th>").append(Xhtml.escape(finding.aspect())).append("</th><td class=\"")
                        .append(finding.level().label()).append("\">").append(finding.level().name()).append("</td><td>")
                        .append(Xhtml.escape(finding.text())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        checkpointChart(html, status);
        html.append("<p>checked at ").append(status.checkedAt()).append("; this page refreshes every ")
                .append(REFRESH_SECONDS).append(" s</p>\n</body></html>\n");
        return html.toString();
    }

    /** Each flow's newest checkpoint age in seconds, against the failover limit (the flows' largest). */
    private static void checkpointChart(StringBuilder html, ProtectionStatus status) {
        if (status.flows().isEmpty()) {
            return;
        }
        java.time.Duration limit = status.flows().stream().map(FlowStatus::checkpointLimit).max(java.time.Duration::compareTo)
                .orElseThrow();
        html.append("<h2>Checkpoint age</h2>\n");
        dev.tandem.verifier.report.SvgChart.bars(html, "checkpoint-age", "Age of each flow's newest checkpoint", "flow",
                "checkpoint age", "s", status.flows().stream().map(f -> f.checkpointAge().map(java.time.Duration::toSeconds)
                        .orElse(0L)).toList(), status.flows().stream().map(FlowStatus::flow).toList(),
                java.util.Optional.of(new dev.tandem.verifier.report.SvgChart.Threshold(limit.toSeconds(),
                        "failover.max-checkpoint-age " + limit.toSeconds() + " s")));
    }

}
