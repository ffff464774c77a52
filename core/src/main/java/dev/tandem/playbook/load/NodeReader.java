package dev.tandem.playbook.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to YAML nodes for the binder. Every mistake becomes a {@link PlaybookError} naming
 * the path and line, and the reader returns empty so that binding goes on and finds the rest.
 */
final class NodeReader {

    private final List<PlaybookError> errors;
    private final References references;

    NodeReader(List<PlaybookError> errors, References references) {
        this.errors = errors;
        this.references = references;
    }

    int errorCount() {
        return errors.size();
    }

    void error(String path, int line, String message) {
        errors.add(new PlaybookError(path, line, message));
    }

    Optional<YamlNode.Mapping> mapping(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping m) {
            return Optional.of(m);
        }
        wrongType(node, path, "a mapping");
        return Optional.empty();
    }

    Optional<YamlNode.Sequence> sequence(YamlNode node, String path) {
        if (node instanceof YamlNode.Sequence s) {
            return Optional.of(s);
        }
        wrongType(node, path, "a list");
        return Optional.empty();
    }

    /** Reports keys outside {@code allowed}, each with the list of keys that are allowed there. */
    void rejectUnknownKeys(YamlNode.Mapping mapping, String path, Set<String> allowed) {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (!allowed.contains(entry.key())) {
                error(PlaybookPaths.child(path, entry.key()), entry.keyLine(),
                        "unknown key (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** The value of a required key, or an error on the mapping's line. */
    Optional<YamlNode> required(YamlNode.Mapping mapping, String path, String key) {
        YamlNode.Entry entry = mapping.entries().get(key);
        if (entry == null || isNull(entry.value())) {
            error(path, entry == null ? mapping.line() : entry.keyLine(), "missing required key '" + key + "'");
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    Optional<YamlNode> optional(YamlNode.Mapping mapping, String key) {
        YamlNode.Entry entry = mapping.entries().get(key);
        return entry == null || isNull(entry.value()) ? Optional.empty() : Optional.of(entry.value());
    }

    /** A string scalar (numbers and booleans are taken as written) with ${env:...} and ${file:...} resolved. */
    Optional<String> string(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.kind() == YamlNode.Scalar.Kind.NULL) {
            wrongType(node, path, "a string");
            return Optional.empty();
        }
        try {
            return Optional.of(references.apply(scalar.text()));
        } catch (References.UnresolvedException e) {
            error(path, node.line(), e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Integer> positiveInt(YamlNode node, String path) {
        return string(node, path).flatMap(text -> {
            try {
                int value = Integer.parseInt(text.strip());
                if (value > 0) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(path, node.line(), "expected a positive whole number, found '" + text + "'");
            return Optional.empty();
        });
    }

    /** A whole number of things, 0 or more. */
    Optional<Long> count(YamlNode node, String path) {
        return string(node, path).flatMap(text -> {
            try {
                long value = Long.parseLong(text.strip());
                if (value >= 0) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(path, node.line(), "expected a whole number (0 or more), found '" + text + "'");
            return Optional.empty();
        });
    }

    Optional<Boolean> bool(YamlNode node, String path) {
        return string(node, path).flatMap(text -> {
            if (text.equals("true") || text.equals("false")) {
                return Optional.of(Boolean.parseBoolean(text));
            }
            error(path, node.line(), "expected true or false, found '" + text + "'");
            return Optional.empty();
        });
    }

    Optional<Duration> duration(YamlNode node, String path) {
        return string(node, path).flatMap(text -> {
            Optional<Duration> parsed = DurationText.parse(text).filter(d -> !d.isNegative() && !d.isZero());
            if (parsed.isEmpty()) {
                error(path, node.line(), "invalid duration '" + text
                        + "' (expected a positive amount such as 500ms, 30s, 5m, 2h, 1d or PT30S)");
            }
            return parsed;
        });
    }

    /** A list of strings; a single string where a list belongs is a mistake, reported as such. */
    List<Located> stringList(YamlNode node, String path) {
        List<Located> values = new ArrayList<>();
        sequence(node, path).ifPresent(seq -> {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                String itemPath = PlaybookPaths.item(path, i);
                string(item, itemPath).ifPresent(text -> values.add(new Located(text, itemPath, item.line())));
            }
        });
        return values;
    }

    /** A string together with where it was found. */
    record Located(String value, String path, int line) {
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL;
    }

    private void wrongType(YamlNode node, String path, String expected) {
        error(path, node.line(), "expected " + expected + ", found " + node.describe());
    }

    /** Records {@code message} at the value of {@code key} unless {@code ok}; returns {@code ok}. */
    boolean check(boolean ok, String path, YamlNode.Mapping m, String key, String message) {
        if (!ok) {
            error(path, m.entries().get(key).value().line(), message);
        }
        return ok;
    }
}
