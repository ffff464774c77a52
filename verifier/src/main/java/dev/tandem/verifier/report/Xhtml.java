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
        head(html, title, java.util.OptionalInt.empty());
        html.append("<h1>").append(escape(heading)).append("</h1>\n");
        html.append("<p>Run <code>").append(escape(runId)).append("</code>, ").append(escape(started.toString()))
                .append(" to ").append(escape(finished.toString())).append("</p>\n");
    }

    /**
     * The page's head with {@code title} and the one style (also the status levels' colours: classes
     * {@code green}, {@code amber}, {@code red}), refreshing itself every {@code refreshSeconds} when given;
     * the body is open after it.
     */
    public static void head(StringBuilder html, String title, java.util.OptionalInt refreshSeconds) {
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>");
        refreshSeconds.ifPresent(s -> html.append("<meta http-equiv=\"refresh\" content=\"").append(s).append("\"/>"));
        html.append("<title>").append(escape(title)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.passed{color:#1a7f37}")
                .append(".failed{color:#cf222e}.skipped{color:#888}figure.chart{margin:1em 0;break-inside:avoid}")
                .append(".green{background:#d9f2d9}.amber{background:#ffe8b3}.red{background:#f8c9c9}")
                .append("h1.green,h1.amber,h1.red{padding:.4em .7em;border-radius:4px}")
                .append("@media print{body{margin:0;font-size:11pt}figure.chart svg{max-width:100%}table{break-inside:avoid}")
                .append(".green,.amber,.red{-webkit-print-color-adjust:exact;print-color-adjust:exact}}")
                .append("</style></head><body>\n");
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

    /** Escapes markup, and replaces the characters XML 1.0 does not allow (control characters) with U+FFFD. */
    public static String escape(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return NOT_XML.matcher(escaped).replaceAll("\uFFFD");
    }

    /** What XML 1.0 forbids in text: C0 controls other than tab, newline and return; lone surrogates; U+FFFE and U+FFFF. */
    private static final java.util.regex.Pattern NOT_XML = java.util.regex.Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]");
}
