package dev.tandem.playbook;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Selects names (topics, consumer groups) by Java regexes that must match the whole name:
 * a name is selected when an include pattern matches it and no exclude pattern does.
 */
public record NameFilter(List<Pattern> include, List<Pattern> exclude) {

    public NameFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** Selects every name. */
    public static NameFilter all() {
        return new NameFilter(List.of(Pattern.compile(".*")), List.of());
    }

    public boolean matches(String name) {
        return include.stream().anyMatch(p -> p.matcher(name).matches())
                && exclude.stream().noneMatch(p -> p.matcher(name).matches());
    }

    /** The patterns as written, for printing: {@code include [orders.*] exclude []}. */
    public String describe() {
        return "include " + include.stream().map(Pattern::pattern).toList()
                + " exclude " + exclude.stream().map(Pattern::pattern).toList();
    }
}
