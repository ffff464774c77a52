package dev.tandem.cli.migrate;

import dev.tandem.migration.MigrationReport;
import dev.tandem.verifier.report.Xhtml;

/** A migration run as one self-contained XHTML file (no scripts, no network): verdict, steps, topics, groups. */
final class MigrationHtml {

    private MigrationHtml() {
    }

    static String render(MigrationReport r) {
        StringBuilder html = new StringBuilder();
        Xhtml.open(html, "Tandem migration of " + r.flow(), "Migration of flow " + r.flow() + " (" + r.source() + " to "
                + r.target() + ")" + (r.dryRun() ? ", dry run" : ""), r.runId(), r.startedAt(), r.finishedAt());
        boolean passed = r.result() == MigrationReport.Result.MIGRATED || r.result() == MigrationReport.Result.DRY_RUN;
        Xhtml.verdict(html, passed, r.failures());
        html.append("<p id=\"result\">").append(Xhtml.escape(r.result().wireName())).append("</p>\n");
        html.append("<table id=\"steps\"><tr><th>step</th><th>result</th><th>ms</th><th>detail</th></tr>");
        r.steps().forEach(s -> html.append("<tr><td>").append(s.step().wireName()).append("</td><td class=\"")
                .append(s.status().wireName()).append("\">").append(s.status().wireName()).append("</td><td>")
                .append(s.durationMs()).append("</td><td>").append(Xhtml.escape(s.detail())).append("</td></tr>"));
        html.append("</table>\n<table id=\"topics\"><tr><th>topic</th><th>replica</th><th>partitions</th>")
                .append("<th>compared</th><th>equal</th><th>missing</th><th>extra</th><th>mismatched</th>")
                .append("<th>not replicated</th></tr>");
        r.topics().forEach(t -> html.append("<tr><td>").append(Xhtml.escape(t.topic())).append("</td><td>")
                .append(Xhtml.escape(t.replica())).append("</td><td>").append(t.partitions()).append("</td><td>")
                .append(t.compared()).append("</td><td>").append(t.equal()).append("</td><td>").append(t.missing())
                .append("</td><td>").append(t.extra()).append("</td><td>").append(t.mismatched()).append("</td><td>")
                .append(t.notReplicated()).append("</td></tr>"));
        html.append("</table>\n<table id=\"groups\"><tr><th>group</th><th>result</th></tr>");
        r.groups().forEach(g -> html.append("<tr><td>").append(Xhtml.escape(g)).append("</td><td>")
                .append(Xhtml.escape(groupResult(r, g))).append("</td></tr>"));
        html.append("</table>\n");
        Xhtml.close(html);
        return html.toString();
    }

    private static String groupResult(MigrationReport r, String group) {
        return r.move().flatMap(m -> m.outcomes().stream().filter(o -> o.group().equals(group)).findFirst())
                .map(o -> o.result().wireName()).orElse(r.dryRun() && r.move().isPresent() ? "planned" : "not moved");
    }
}
