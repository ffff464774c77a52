package dev.tandem.time;

import java.time.Duration;

/** Durations as people read them in tables: {@code 850ms}, {@code 42s}, {@code 3m12s}, {@code 2h05m}, {@code 3d04h}. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + "ms";
        }
        long seconds = millis / 1_000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3_600);
    }
}
