package dev.tandem.verifier.report;

import java.time.Instant;
import java.util.List;

/**
 * What Tandem's HTML reports share: a self-contained, well-formed XHTML page (no scripts, no
 * network) with one style, the run line, the verdict with its failures, table rows, escaping.
 */
public final class Xhtml {

    private Xhtml() {
    }

    /** Opens the page: head with {@code title}, the {@code heading}, and the run's ID and times. */
    public static void open(StringBuilder html, String title, String heading, String runId, Instant started,
                            Instant finished) {
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<title>").append(escape(title)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.passed{color:#1a7f37}")
                .append(".failed{color:#cf222e}.skipped{color:#888}figure.chart{margin:1em 0;break-inside:avoid}")
                .append("@media print{body{margin:0;font-size:11pt}figure.chart svg{max-width:100%}table{break-inside:avoid}}")
                .append("</style></head><body>\n");
        html.append("<h1>").append(escape(heading)).append("</h1>\n");
        html.append("<p>Run <code>").append(escape(runId)).append("</code>, ").append(escape(started.toString()))
                .append(" to ").append(escape(finished.toString())).append("</p>\n");
    }

    /**
     * The verdict in one line with its reason (id {@code verdict}): "PASSED: every check passed", or
     * "FAILED: " and the first failure (and how many more); when it failed, the list of failures (id {@code failures}).
     */
    public static void verdict(StringBuilder html, boolean passed, List<String> failures) {
        String reason = passed ? "every check passed" : failures.isEmpty() ? "see below"
                : failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "");
        html.append("<h2 id=\"verdict\" class=\"").append(passed ? "passed\">PASSED: " : "failed\">FAILED: ")
                .append(escape(reason)).append("</h2>\n");
        if (!passed) {
            html.append("<ul id=\"failures\">");
            failures.forEach(f -> html.append("<li>").append(escape(f)).append("</li>"));
            html.append("</ul>\n");
        }
    }

    public static void row(StringBuilder html, String name, Object value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(String.valueOf(value)))
                .append("</td></tr>");
    }

    public static void close(StringBuilder html) {
        html.append("</body></html>\n");
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
