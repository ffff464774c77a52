package dev.tandem.verifier.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches canaries arriving on the target against those sent (in the spirit of Xinfra Monitor's
 * consume service): per partition, which sequence numbers arrived and the highest so far, so
 * that a canary is counted delivered once, duplicated on every further arrival, and reordered
 * when it arrives after a later one. Canaries of other runs are ignored. Pure: no Kafka types.
 */
public final class ArrivalTracker {

    private final String runId;
    private final long sent;
    private final Map<Integer, Set<Long>> arrived = new HashMap<>();
    private final Map<Integer, Long> highest = new HashMap<>();
    private final List<Long> latenciesMs = new ArrayList<>();
    private long duplicated;
    private long reordered;

    /** @param sent how many canaries of the run the source acknowledged */
    public ArrivalTracker(String runId, long sent) {
        this.runId = runId;
        this.sent = sent;
    }

    public void arrived(Canary canary, Instant at) {
        if (!canary.runId().equals(runId)) {
            return;
        }
        if (!arrived.computeIfAbsent(canary.partition(), p -> new HashSet<>()).add(canary.sequence())) {
            duplicated++;
            return;
        }
        Long top = highest.get(canary.partition());
        if (top != null && canary.sequence() < top) {
            reordered++;
        } else {
            highest.put(canary.partition(), canary.sequence());
        }
        latenciesMs.add(Math.max(0, Duration.between(canary.sentAt(), at).toMillis()));
    }

    public long delivered() {
        return latenciesMs.size();
    }

    public boolean complete() {
        return delivered() >= sent;
    }

    public CanaryResult result() {
        return new CanaryResult(sent, delivered(), sent - delivered(), duplicated, reordered,
                LatencySummary.of(latenciesMs), latenciesMs);
    }
}
