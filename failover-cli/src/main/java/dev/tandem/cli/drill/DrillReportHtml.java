package dev.tandem.cli.drill;

import dev.tandem.drills.DrillReport;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.verifier.report.SvgChart;
import dev.tandem.verifier.report.Xhtml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A drill run as one self-contained XHTML file (no scripts, no network): the verdict, the steps,
 * RPO, RTO and canary latency, and inline SVG trend charts of RPO and RTO over the drill's past runs (dated,
 * with the drill's max-rpo and max-rto as lines).
 */
public final class DrillReportHtml {

    private DrillReportHtml() {
    }

    /**
     * @param drill   the drill as the playbook has it: its max-rpo and max-rto are drawn on the trends
     * @param history the drill's stored runs, this one included, newest first
     */
    public static String render(DrillReport r, DrillSpec drill, List<DrillRunRepository.Run> history) {
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
        trend(html, "rpo-trend", "RPO window over the last " + oldestFirst.size() + " run(s)", "RPO window", oldestFirst,
                DrillRunRepository.Run::rpoWindowMs, drill.maxRpo().map(d -> new SvgChart.Threshold(d.toMillis(),
                        "max-rpo " + d.toMillis() + " ms")));
        trend(html, "rto-trend", "RTO over the last " + oldestFirst.size() + " run(s)", "RTO", oldestFirst,
                DrillRunRepository.Run::rtoMs, drill.maxRto().map(d -> new SvgChart.Threshold(d.toMillis(),
                        "max-rto " + d.toMillis() + " ms")));
        Xhtml.close(html);
        return html.toString();
    }

    /** One point per past run that measured the value, placed by the run's start (oldest on the left). */
    private static void trend(StringBuilder html, String id, String title, String yLabel, List<DrillRunRepository.Run> runs,
                              Function<DrillRunRepository.Run, Optional<Long>> value, Optional<SvgChart.Threshold> max) {
        List<DrillRunRepository.Run> measured = runs.stream().filter(r -> value.apply(r).isPresent()).toList();
        SvgChart.overTime(html, id, title, yLabel, "ms", measured.stream().map(DrillRunRepository.Run::startedAt).toList(),
                measured.stream().map(r -> value.apply(r).orElseThrow()).toList(), max);
    }
}
