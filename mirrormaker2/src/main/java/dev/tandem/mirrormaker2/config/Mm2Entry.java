package dev.tandem.mirrormaker2.config;

/** One setting of a MirrorMaker 2 properties file, with the line it starts on (1-based). */
public record Mm2Entry(String key, String value, int line) {
}
