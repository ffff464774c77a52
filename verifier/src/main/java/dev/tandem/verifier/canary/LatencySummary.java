package dev.tandem.verifier.canary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** End-to-end latency percentiles of delivered canaries, in milliseconds (nearest-rank). */
public record LatencySummary(long p50, long p95, long p99, long max) {

    public static LatencySummary of(Collection<Long> latenciesMs) {
        if (latenciesMs.isEmpty()) {
            return new LatencySummary(0, 0, 0, 0);
        }
        List<Long> sorted = new ArrayList<>(latenciesMs);
        Collections.sort(sorted);
        return new LatencySummary(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
