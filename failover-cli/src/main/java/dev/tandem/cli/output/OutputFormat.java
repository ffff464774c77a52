package dev.tandem.cli.output;

/** {@code --output}: a table for people, or JSON with a documented schema for programs. */
public enum OutputFormat {
    text,
    json
}
