package dev.tandem.replicator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a cluster's refused login is told again: once per cluster per interval, whichever of
 * a process's flows meets it. New credentials take a while to arrive, and a line per restart would
 * bury the log in one line. One per replicator process, shared by its flows.
 */
final class LoginWarnings {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Map<String, Instant> lastTold = new ConcurrentHashMap<>();

    /** Whether a refusal by {@code cluster} at {@code now} is to be told (and so counts as told). */
    boolean due(String cluster, Instant now) {
        boolean[] due = new boolean[1];
        lastTold.compute(cluster, (key, last) -> {
            due[0] = last == null || !now.isBefore(last.plus(INTERVAL));
            return due[0] ? now : last;
        });
        return due[0];
    }
}
