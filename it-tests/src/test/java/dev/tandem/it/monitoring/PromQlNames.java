package dev.tandem.it.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label names a PromQL expression uses (enough of PromQL for dashboards and alert
 * rules): selectors and their label matchers, {@code by}/{@code without}/{@code on}/{@code ignoring}
 * label lists, Grafana's {@code label_values(metric, label)}. Functions, keywords, numbers, durations
 * and strings are not names.
 */
record PromQlNames(List<String> metrics, List<String> labels) {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left",
            "group_right");
    /** Aggregation operators: {@code sum by (flow) (...)} puts a label list between the name and its parenthesis. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    static PromQlNames of(String expression) {
        List<String> metrics = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.matches()) {
            return new PromQlNames(List.of(labelValues.group(1)), List.of(labelValues.group(2)));
        }
        int i = 0;
        int n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(expression, i);
            } else if (c == '[') {
                i = expression.indexOf(']', i) + 1; // a range or subquery: durations only
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expression);
                }
            } else if (c == '{') {
                i = matchers(expression, i + 1, labels);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expression.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '.')) {
                    i++; // 1.5, 1e3, 600
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_'
                        || expression.charAt(i) == ':')) {
                    i++;
                }
                String word = expression.substring(start, i);
                int next = skipSpaces(expression, i);
                boolean call = next < n && expression.charAt(next) == '(';
                if (LABEL_LISTS.contains(word) && call) {
                    int close = expression.indexOf(')', next);
                    for (String label : expression.substring(next + 1, close).split(",")) {
                        if (!label.isBlank()) {
                            labels.add(label.strip());
                        }
                    }
                    i = close + 1;
                } else if (!call && !KEYWORDS.contains(word) && !AGGREGATIONS.contains(word)) {
                    metrics.add(word);
                }
            } else {
                i++;
            }
        }
        return new PromQlNames(metrics, labels);
    }

    /** Label matchers up to the closing brace: {@code name op "value", ...}; returns the index after it. */
    private static int matchers(String expression, int i, List<String> labels) {
        while (true) {
            i = skipSpaces(expression, i);
            if (expression.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_') {
                i++;
            }
            labels.add(expression.substring(start, i));
            while (expression.charAt(i) != '"' && expression.charAt(i) != '\'') {
                i++; // =, !=, =~, !~
            }
            i = skipSpaces(expression, endOfString(expression, i));
            if (expression.charAt(i) == ',') {
                i++;
            }
        }
    }

    private static int endOfString(String expression, int quote) {
        char q = expression.charAt(quote);
        int i = quote + 1;
        while (expression.charAt(i) != q) {
            i += expression.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipSpaces(String expression, int i) {
        while (i < expression.length() && Character.isWhitespace(expression.charAt(i))) {
            i++;
        }
        return i;
    }
}
