package dev.tandem.status;

import java.util.Collection;

/** How protected a flow is: green (yes), amber (yes, but look), red (no, or not known to be). */
public enum Level {
    GREEN, AMBER, RED;

    /** The worst of {@code levels}; green when there are none. */
    public static Level worst(Collection<Level> levels) {
        return levels.stream().max(Enum::compareTo).orElse(GREEN);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
