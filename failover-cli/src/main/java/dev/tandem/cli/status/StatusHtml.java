package dev.tandem.cli.status;

import dev.tandem.status.FlowStatus;
import dev.tandem.status.ProtectionStatus;
import dev.tandem.verifier.report.SvgChart;
import dev.tandem.verifier.report.Xhtml;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The status page {@code --serve} answers: self-contained (no network), refreshing itself every 10 s, printable. */
public final class StatusHtml {

    static final int REFRESH_SECONDS = 10;

    private StatusHtml() {
    }

    public static String render(ProtectionStatus status) {
        StringBuilder html = new StringBuilder();
        Xhtml.head(html, "Tandem status: " + status.level().name(), java.util.OptionalInt.of(REFRESH_SECONDS));
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
                .append(REFRESH_SECONDS).append(" s</p>\n");
        Xhtml.close(html);
        return html.toString();
    }

    /**
     * Each flow's newest checkpoint age in seconds, against the failover limit (the flows' largest). A flow
     * with no checkpoint, or whose store could not be read, has no bar: it is named under the chart.
     */
    private static void checkpointChart(StringBuilder html, ProtectionStatus status) {
        List<FlowStatus> aged = status.flows().stream().filter(f -> f.checkpointAge().isPresent()).toList();
        List<String> without = status.flows().stream().filter(f -> f.checkpointAge().isEmpty()).map(FlowStatus::flow).toList();
        if (status.flows().isEmpty()) {
            return;
        }
        Duration limit = status.flows().stream().map(FlowStatus::checkpointLimit).max(Duration::compareTo).orElseThrow();
        html.append("<h2>Checkpoint age</h2>\n");
        SvgChart.bars(html, "checkpoint-age", "Age of each flow's newest checkpoint", "flow", "checkpoint age", "s",
                aged.stream().map(f -> f.checkpointAge().orElseThrow().toSeconds()).toList(),
                aged.stream().map(FlowStatus::flow).toList(),
                Optional.of(new SvgChart.Threshold(limit.toSeconds(), "failover.max-checkpoint-age " + limit.toSeconds() + " s")));
        if (!without.isEmpty()) {
            html.append("<p id=\"checkpoint-age-missing\">No bar (no checkpoint, or not readable): ")
                    .append(Xhtml.escape(String.join(", ", without))).append("</p>\n");
        }
    }
}
