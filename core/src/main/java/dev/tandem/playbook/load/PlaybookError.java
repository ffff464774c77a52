package dev.tandem.playbook.load;

import java.util.Objects;

/**
 * One mistake in a playbook: where it is (YAML path and line) and what is wrong.
 *
 * @param path YAML path such as {@code flows[0].topics.include[1]}; empty for the whole file
 * @param line 1-based line in the file; 0 when unknown
 */
public record PlaybookError(String path, int line, String message) {

    public PlaybookError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code sandbox.yaml:12: flows[0].source: unknown cluster 'eats' (known: east, west)}. */
    public String format(String fileName) {
        StringBuilder text = new StringBuilder(fileName);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
